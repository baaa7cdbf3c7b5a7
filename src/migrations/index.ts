import * as migration_20261123_172512_initial from './20261123_172512_initial';

export const migrations = [
  {
    up: migration_20261123_172512_initial.up,
    down: migration_20261123_172512_initial.down,
    name: '20261123_172512_initial'
  },
];
