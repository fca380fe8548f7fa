import type { CompatibilityLevel, Lifecycle, PortFormat } from '@meshkit/core';

export interface ProductGeneratorSchema {
  name: string;
  domain: string;
  owner?: string;
  email?: string;
  title?: string;
  description: string;
  port?: string;
  compatibility?: CompatibilityLevel;
  format?: PortFormat;
  lifecycle?: Extract<Lifecycle, 'experimental' | 'active'>;
  tags?: string[] | string;
  consumes?: string[] | string;
  skipFormat?: boolean;
}
