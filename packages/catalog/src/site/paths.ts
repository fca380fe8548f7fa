/** Site paths; ids are validated kebab-case names, so they are safe as path segments. */
export const productPath = (id: string): string => `products/${id}.html`;
export const domainPath = (name: string): string => `domains/${name}.html`;
