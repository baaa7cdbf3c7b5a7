export type ClearErrorsOptions = {
  /**
   * `false` leaves Payload's own error answers alone (field reasons only in `data.errors`, a 500
   * for `page=-5`, Payload's verify endpoint). The plugin adds no fields, so the schema is the
   * same either way.
   * @default true
   */
  enabled?: boolean
}
