export interface SyncGeneratorSchema {
  skipFormat?: boolean;
}
