export interface DomainGeneratorSchema {
  name: string;
  owner: string;
  title?: string;
  description?: string;
  email?: string;
  slack?: string;
  tags?: string[] | string;
  skipFormat?: boolean;
}
