import type { CompatibilityLevel, PortFormat } from '@meshkit/core';

export interface OutputPortGeneratorSchema {
  product: string;
  name: string;
  description?: string;
  compatibility?: CompatibilityLevel;
  format?: PortFormat;
  skipFormat?: boolean;
}
