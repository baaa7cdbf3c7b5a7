import { CampaignReadiness as CampaignReadiness_77f181c7943107c6e12eb2344d2d55da } from '../../../admin/CampaignReadiness'
import { CampaignEditionAction as CampaignEditionAction_ce53847ff16b1e738864bb6f4f5e59d2 } from '../../../admin/CampaignEditionAction'
import { CampaignSetupView as CampaignSetupView_e4f6287de903d5983675bba40cc27215 } from '../../../admin/CampaignSetupView'
import { ProgressView as ProgressView_3197bb95192b1837c0f08c728e97f71a } from '../../../admin/ProgressView'
import { CoverageView as CoverageView_682527fa18b3da3e8f0ce6ccc2031446 } from '../../../../plugins/unified-campaign/components/CoverageView'
import { RscEntryLexicalCell as RscEntryLexicalCell_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { RscEntryLexicalField as RscEntryLexicalField_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { LexicalDiffComponent as LexicalDiffComponent_44fe37237e0ebf4470c9990d8cb7b07e } from '@payloadcms/richtext-lexical/rsc'
import { InlineToolbarFeatureClient as InlineToolbarFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { HorizontalRuleFeatureClient as HorizontalRuleFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { UploadFeatureClient as UploadFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { BlockquoteFeatureClient as BlockquoteFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { RelationshipFeatureClient as RelationshipFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { LinkFeatureClient as LinkFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ChecklistFeatureClient as ChecklistFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { OrderedListFeatureClient as OrderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { UnorderedListFeatureClient as UnorderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { IndentFeatureClient as IndentFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { AlignFeatureClient as AlignFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { HeadingFeatureClient as HeadingFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ParagraphFeatureClient as ParagraphFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { InlineCodeFeatureClient as InlineCodeFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { SuperscriptFeatureClient as SuperscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { SubscriptFeatureClient as SubscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { StrikethroughFeatureClient as StrikethroughFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { UnderlineFeatureClient as UnderlineFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { BoldFeatureClient as BoldFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { ItalicFeatureClient as ItalicFeatureClient_e70f5e05f09f93e00b997edb1ef0c864 } from '@payloadcms/richtext-lexical/client'
import { PushProgress as PushProgress_22018ed722e3c40cc977b4797205b096 } from '../../../../plugins/partner-push/components/PushProgress'
import { RoundActions as RoundActions_620d797bff95396a04122f81ad29e4be } from '../../../admin/RoundActions'
import { RoundResults as RoundResults_620d797bff95396a04122f81ad29e4be } from '../../../admin/RoundActions'
import { AwardListActions as AwardListActions_593d72d38aaf5bd1534fbc8e7147c3fb } from '../../../admin/AwardListActions'
import { PartnerSiteActions as PartnerSiteActions_46c80ca028b73203340de354934eef2a } from '../../../../plugins/partner-push/components/ManageOnly'
import { PartnerAccountKey as PartnerAccountKey_46c80ca028b73203340de354934eef2a } from '../../../../plugins/partner-push/components/ManageOnly'
import { ModerationActions as ModerationActions_fd01f84bfdcfb1e339e30d50f160da78 } from '../../../admin/ModerationActions'
import { WordListTools as WordListTools_0661cc779c2afae5ae83db86c36e442f } from '../../../admin/WordListTools'
import { DeliveryActions as DeliveryActions_46c80ca028b73203340de354934eef2a } from '../../../../plugins/partner-push/components/ManageOnly'
import { ReplayFailed as ReplayFailed_46c80ca028b73203340de354934eef2a } from '../../../../plugins/partner-push/components/ManageOnly'
import { ScoringNavLink as ScoringNavLink_513ff380c45749373525652d6cf63f7b } from '../../../admin/ScoringNavLink'
import { S3ClientUploadHandler as S3ClientUploadHandler_f97aa6c64367fa259c5bc0567239ef24 } from '@payloadcms/storage-s3/client'
import { CampaignDashboard as CampaignDashboard_9ff698e5d015507c01b185f39447ec1f } from '../../../admin/CampaignDashboard'
import { ScoringView as ScoringView_c992e10070a71248d77b2d91477b20dd } from '../../../admin/ScoringView'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "/admin/CampaignReadiness#CampaignReadiness": CampaignReadiness_77f181c7943107c6e12eb2344d2d55da,
  "/admin/CampaignEditionAction#CampaignEditionAction": CampaignEditionAction_ce53847ff16b1e738864bb6f4f5e59d2,
  "/admin/CampaignSetupView#CampaignSetupView": CampaignSetupView_e4f6287de903d5983675bba40cc27215,
  "/admin/ProgressView#ProgressView": ProgressView_3197bb95192b1837c0f08c728e97f71a,
  "/../plugins/unified-campaign/components/CoverageView#CoverageView": CoverageView_682527fa18b3da3e8f0ce6ccc2031446,
  "@payloadcms/richtext-lexical/rsc#RscEntryLexicalCell": RscEntryLexicalCell_44fe37237e0ebf4470c9990d8cb7b07e,
  "@payloadcms/richtext-lexical/rsc#RscEntryLexicalField": RscEntryLexicalField_44fe37237e0ebf4470c9990d8cb7b07e,
  "@payloadcms/richtext-lexical/rsc#LexicalDiffComponent": LexicalDiffComponent_44fe37237e0ebf4470c9990d8cb7b07e,
  "@payloadcms/richtext-lexical/client#InlineToolbarFeatureClient": InlineToolbarFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#HorizontalRuleFeatureClient": HorizontalRuleFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#UploadFeatureClient": UploadFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#BlockquoteFeatureClient": BlockquoteFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#RelationshipFeatureClient": RelationshipFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#LinkFeatureClient": LinkFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ChecklistFeatureClient": ChecklistFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#OrderedListFeatureClient": OrderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#UnorderedListFeatureClient": UnorderedListFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#IndentFeatureClient": IndentFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#AlignFeatureClient": AlignFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#HeadingFeatureClient": HeadingFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ParagraphFeatureClient": ParagraphFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#InlineCodeFeatureClient": InlineCodeFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#SuperscriptFeatureClient": SuperscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#SubscriptFeatureClient": SubscriptFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#StrikethroughFeatureClient": StrikethroughFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#UnderlineFeatureClient": UnderlineFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#BoldFeatureClient": BoldFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "@payloadcms/richtext-lexical/client#ItalicFeatureClient": ItalicFeatureClient_e70f5e05f09f93e00b997edb1ef0c864,
  "/../plugins/partner-push/components/PushProgress#PushProgress": PushProgress_22018ed722e3c40cc977b4797205b096,
  "/admin/RoundActions#RoundActions": RoundActions_620d797bff95396a04122f81ad29e4be,
  "/admin/RoundActions#RoundResults": RoundResults_620d797bff95396a04122f81ad29e4be,
  "/admin/AwardListActions#AwardListActions": AwardListActions_593d72d38aaf5bd1534fbc8e7147c3fb,
  "/../plugins/partner-push/components/ManageOnly#PartnerSiteActions": PartnerSiteActions_46c80ca028b73203340de354934eef2a,
  "/../plugins/partner-push/components/ManageOnly#PartnerAccountKey": PartnerAccountKey_46c80ca028b73203340de354934eef2a,
  "/admin/ModerationActions#ModerationActions": ModerationActions_fd01f84bfdcfb1e339e30d50f160da78,
  "/admin/WordListTools#WordListTools": WordListTools_0661cc779c2afae5ae83db86c36e442f,
  "/../plugins/partner-push/components/ManageOnly#DeliveryActions": DeliveryActions_46c80ca028b73203340de354934eef2a,
  "/../plugins/partner-push/components/ManageOnly#ReplayFailed": ReplayFailed_46c80ca028b73203340de354934eef2a,
  "/admin/ScoringNavLink#ScoringNavLink": ScoringNavLink_513ff380c45749373525652d6cf63f7b,
  "@payloadcms/storage-s3/client#S3ClientUploadHandler": S3ClientUploadHandler_f97aa6c64367fa259c5bc0567239ef24,
  "/admin/CampaignDashboard#CampaignDashboard": CampaignDashboard_9ff698e5d015507c01b185f39447ec1f,
  "/admin/ScoringView#ScoringView": ScoringView_c992e10070a71248d77b2d91477b20dd,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
