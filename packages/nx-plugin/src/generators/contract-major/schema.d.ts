export interface ContractMajorGeneratorSchema {
  product: string;
  port: string;
  /** Last day of the old major, YYYY-MM-DD. Default: 90 days from today. */
  sunset?: string;
  skipFormat?: boolean;
}
