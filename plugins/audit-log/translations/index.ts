import type { AuditAction } from '../types'

type Label = { en: string; zh: string }

/** Labels of the audit collection and its fields in the admin. */
export const labels = {
  collection: {
    singular: { zh: '审计日志', en: 'Audit log' },
    plural: { zh: '审计日志', en: 'Audit log' },
  },
  action: { zh: '事件', en: 'Action' },
  actor: { zh: '操作者', en: 'Actor' },
  actorLabel: { zh: '操作者账号', en: 'Actor account' },
  targetCollection: { zh: '对象集合', en: 'Target collection' },
  targetId: { zh: '对象 ID', en: 'Target ID' },
  summary: { zh: '摘要', en: 'Summary' },
  details: { zh: '详情', en: 'Details' },
  ip: { zh: 'IP 地址', en: 'IP address' },
  userAgent: { zh: '客户端', en: 'User agent' },
  createdAt: { zh: '时间', en: 'Time' },
} satisfies Record<string, Label | { plural: Label; singular: Label }>

export const actionLabels: Record<AuditAction, Label> = {
  login: { zh: '登录', en: 'Login' },
  'login-failed': { zh: '登录失败', en: 'Failed login' },
  logout: { zh: '退出登录', en: 'Logout' },
  unlock: { zh: '解除账号锁定', en: 'Account unlocked' },
  'role-change': { zh: '角色变更', en: 'Role change' },
  'organizer-change': { zh: '所属单位变更', en: 'Organizer change' },
  'field-change': { zh: '字段变更', en: 'Field change' },
  delete: { zh: '删除', en: 'Delete' },
  publish: { zh: '发布', en: 'Publish' },
  unpublish: { zh: '取消发布', en: 'Unpublish' },
  'api-key-created': { zh: '创建 API 密钥', en: 'API key created' },
  'api-key-revoked': { zh: '吊销 API 密钥', en: 'API key revoked' },
  'partner-read': { zh: '合作方读取', en: 'Partner read' },
}
