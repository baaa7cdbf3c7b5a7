import * as migration_20261123_172512_initial from './20261123_172512_initial'
import * as migration_20261123_174243_campaign_domain from './20261123_174243_campaign_domain'
import * as migration_20261123_175343_access_roles from './20261123_175343_access_roles'
import * as migration_20261123_180723_audit_log from './20261123_180723_audit_log'
import * as migration_20261123_181619_media_pipeline from './20261123_181619_media_pipeline'
import * as migration_20261123_182557_four_unifications from './20261123_182557_four_unifications'
import * as migration_20261123_185000_partner_push from './20261123_185000_partner_push'
import * as migration_20261123_185157_push_sweep from './20261123_185157_push_sweep'
import * as migration_20261123_185826_partner_receipts from './20261123_185826_partner_receipts'
import * as migration_20261123_201918_watermark_photos from './20261123_201918_watermark_photos'
import * as migration_20261123_202752_receipts_unique from './20261123_202752_receipts_unique'
import * as migration_20261123_203916_media_sha256 from './20261123_203916_media_sha256'
import * as migration_20261202_021912_media_usage from './20261202_021912_media_usage'
import * as migration_20261202_023934_strip_stored_media from './20261202_023934_strip_stored_media'
import * as migration_20261202_024332_audit_unlock from './20261202_024332_audit_unlock'
import * as migration_20261202_032154_media_strip_failures from './20261202_032154_media_strip_failures'
import * as migration_20261202_033103_media_in_text from './20261202_033103_media_in_text'
import * as migration_20261202_035157_labelled_copy_campaign from './20261202_035157_labelled_copy_campaign'
import * as migration_20261202_035358_push_held_sequence from './20261202_035358_push_held_sequence'
import * as migration_20261202_045259_delivery_version_sent_as from './20261202_045259_delivery_version_sent_as'
import * as migration_20261202_110649_reporting_quota_rules from './20261202_110649_reporting_quota_rules'
import * as migration_20261202_111842_report_batches from './20261202_111842_report_batches'
import * as migration_20261202_112437_report_reminders from './20261202_112437_report_reminders'
import * as migration_20261202_113243_report_into_parent_campaign from './20261202_113243_report_into_parent_campaign'
import * as migration_20261202_113956_deadlines_per_level from './20261202_113956_deadlines_per_level'
import * as migration_20261202_114213_phase_deadline_reminders from './20261202_114213_phase_deadline_reminders'
import * as migration_20261202_121853_batch_offline_events from './20261202_121853_batch_offline_events'
import * as migration_20261202_144723_judging_voting from './20261202_144723_judging_voting'
import * as migration_20261202_145405_award_lists from './20261202_145405_award_lists'
import * as migration_20261202_182107_quota_propagandists from './20261202_182107_quota_propagandists'
import * as migration_20261202_184117_purge_voter_codes_task from './20261202_184117_purge_voter_codes_task'
import * as migration_20261202_185338_partner_site_kinds from './20261202_185338_partner_site_kinds'
import * as migration_20261202_185805_spec_exclusive_bounds from './20261202_185805_spec_exclusive_bounds'
import * as migration_20261202_190855_spec_declarations from './20261202_190855_spec_declarations'
import * as migration_20261203_064230_spec_sound_photos from './20261203_064230_spec_sound_photos'
import * as migration_20261203_065053_campaign_cloned_from from './20261203_065053_campaign_cloned_from'
import * as migration_20261203_070354_implementing_parents from './20261203_070354_implementing_parents'
import * as migration_20261203_071436_votes_address_limit_index from './20261203_071436_votes_address_limit_index'
import * as migration_20261203_094932_interaction_window_and_composed_columns from './20261203_094932_interaction_window_and_composed_columns'
import * as migration_20261203_132147_partner_list_index from './20261203_132147_partner_list_index'
import * as migration_20261203_155636_s3_object_keys from './20261203_155636_s3_object_keys'

export const migrations = [
  {
    up: migration_20261123_172512_initial.up,
    down: migration_20261123_172512_initial.down,
    name: '20261123_172512_initial',
  },
  {
    up: migration_20261123_174243_campaign_domain.up,
    down: migration_20261123_174243_campaign_domain.down,
    name: '20261123_174243_campaign_domain',
  },
  {
    up: migration_20261123_175343_access_roles.up,
    down: migration_20261123_175343_access_roles.down,
    name: '20261123_175343_access_roles',
  },
  {
    up: migration_20261123_180723_audit_log.up,
    down: migration_20261123_180723_audit_log.down,
    name: '20261123_180723_audit_log',
  },
  {
    up: migration_20261123_181619_media_pipeline.up,
    down: migration_20261123_181619_media_pipeline.down,
    name: '20261123_181619_media_pipeline',
  },
  {
    up: migration_20261123_182557_four_unifications.up,
    down: migration_20261123_182557_four_unifications.down,
    name: '20261123_182557_four_unifications',
  },
  {
    up: migration_20261123_185000_partner_push.up,
    down: migration_20261123_185000_partner_push.down,
    name: '20261123_185000_partner_push',
  },
  {
    up: migration_20261123_185157_push_sweep.up,
    down: migration_20261123_185157_push_sweep.down,
    name: '20261123_185157_push_sweep',
  },
  {
    up: migration_20261123_185826_partner_receipts.up,
    down: migration_20261123_185826_partner_receipts.down,
    name: '20261123_185826_partner_receipts',
  },
  {
    up: migration_20261123_201918_watermark_photos.up,
    down: migration_20261123_201918_watermark_photos.down,
    name: '20261123_201918_watermark_photos',
  },
  {
    up: migration_20261123_202752_receipts_unique.up,
    down: migration_20261123_202752_receipts_unique.down,
    name: '20261123_202752_receipts_unique',
  },
  {
    up: migration_20261123_203916_media_sha256.up,
    down: migration_20261123_203916_media_sha256.down,
    name: '20261123_203916_media_sha256',
  },
  {
    up: migration_20261202_021912_media_usage.up,
    down: migration_20261202_021912_media_usage.down,
    name: '20261202_021912_media_usage',
  },
  {
    up: migration_20261202_023934_strip_stored_media.up,
    down: migration_20261202_023934_strip_stored_media.down,
    name: '20261202_023934_strip_stored_media',
  },
  {
    up: migration_20261202_024332_audit_unlock.up,
    down: migration_20261202_024332_audit_unlock.down,
    name: '20261202_024332_audit_unlock',
  },
  {
    up: migration_20261202_032154_media_strip_failures.up,
    down: migration_20261202_032154_media_strip_failures.down,
    name: '20261202_032154_media_strip_failures',
  },
  {
    up: migration_20261202_033103_media_in_text.up,
    down: migration_20261202_033103_media_in_text.down,
    name: '20261202_033103_media_in_text',
  },
  {
    up: migration_20261202_035157_labelled_copy_campaign.up,
    down: migration_20261202_035157_labelled_copy_campaign.down,
    name: '20261202_035157_labelled_copy_campaign',
  },
  {
    up: migration_20261202_035358_push_held_sequence.up,
    down: migration_20261202_035358_push_held_sequence.down,
    name: '20261202_035358_push_held_sequence',
  },
  {
    up: migration_20261202_045259_delivery_version_sent_as.up,
    down: migration_20261202_045259_delivery_version_sent_as.down,
    name: '20261202_045259_delivery_version_sent_as',
  },
  {
    up: migration_20261202_110649_reporting_quota_rules.up,
    down: migration_20261202_110649_reporting_quota_rules.down,
    name: '20261202_110649_reporting_quota_rules',
  },
  {
    up: migration_20261202_111842_report_batches.up,
    down: migration_20261202_111842_report_batches.down,
    name: '20261202_111842_report_batches',
  },
  {
    up: migration_20261202_112437_report_reminders.up,
    down: migration_20261202_112437_report_reminders.down,
    name: '20261202_112437_report_reminders',
  },
  {
    up: migration_20261202_113243_report_into_parent_campaign.up,
    down: migration_20261202_113243_report_into_parent_campaign.down,
    name: '20261202_113243_report_into_parent_campaign',
  },
  {
    up: migration_20261202_113956_deadlines_per_level.up,
    down: migration_20261202_113956_deadlines_per_level.down,
    name: '20261202_113956_deadlines_per_level',
  },
  {
    up: migration_20261202_114213_phase_deadline_reminders.up,
    down: migration_20261202_114213_phase_deadline_reminders.down,
    name: '20261202_114213_phase_deadline_reminders',
  },
  {
    up: migration_20261202_121853_batch_offline_events.up,
    down: migration_20261202_121853_batch_offline_events.down,
    name: '20261202_121853_batch_offline_events',
  },
  {
    up: migration_20261202_144723_judging_voting.up,
    down: migration_20261202_144723_judging_voting.down,
    name: '20261202_144723_judging_voting',
  },
  {
    up: migration_20261202_145405_award_lists.up,
    down: migration_20261202_145405_award_lists.down,
    name: '20261202_145405_award_lists',
  },
  {
    up: migration_20261202_182107_quota_propagandists.up,
    down: migration_20261202_182107_quota_propagandists.down,
    name: '20261202_182107_quota_propagandists',
  },
  {
    up: migration_20261202_184117_purge_voter_codes_task.up,
    down: migration_20261202_184117_purge_voter_codes_task.down,
    name: '20261202_184117_purge_voter_codes_task',
  },
  {
    up: migration_20261202_185338_partner_site_kinds.up,
    down: migration_20261202_185338_partner_site_kinds.down,
    name: '20261202_185338_partner_site_kinds',
  },
  {
    up: migration_20261202_185805_spec_exclusive_bounds.up,
    down: migration_20261202_185805_spec_exclusive_bounds.down,
    name: '20261202_185805_spec_exclusive_bounds',
  },
  {
    up: migration_20261202_190855_spec_declarations.up,
    down: migration_20261202_190855_spec_declarations.down,
    name: '20261202_190855_spec_declarations',
  },
  {
    up: migration_20261203_064230_spec_sound_photos.up,
    down: migration_20261203_064230_spec_sound_photos.down,
    name: '20261203_064230_spec_sound_photos',
  },
  {
    up: migration_20261203_065053_campaign_cloned_from.up,
    down: migration_20261203_065053_campaign_cloned_from.down,
    name: '20261203_065053_campaign_cloned_from',
  },
  {
    up: migration_20261203_070354_implementing_parents.up,
    down: migration_20261203_070354_implementing_parents.down,
    name: '20261203_070354_implementing_parents',
  },
  {
    up: migration_20261203_071436_votes_address_limit_index.up,
    down: migration_20261203_071436_votes_address_limit_index.down,
    name: '20261203_071436_votes_address_limit_index',
  },
  {
    up: migration_20261203_094932_interaction_window_and_composed_columns.up,
    down: migration_20261203_094932_interaction_window_and_composed_columns.down,
    name: '20261203_094932_interaction_window_and_composed_columns',
  },
  {
    up: migration_20261203_132147_partner_list_index.up,
    down: migration_20261203_132147_partner_list_index.down,
    name: '20261203_132147_partner_list_index',
  },
  {
    up: migration_20261203_155636_s3_object_keys.up,
    down: migration_20261203_155636_s3_object_keys.down,
    name: '20261203_155636_s3_object_keys',
  },
]
