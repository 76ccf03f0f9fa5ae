// oidc-provider 8 ships no types (the test identity provider only): used loosely here.
declare module "oidc-provider" {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const Provider: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Provider = any;
  export default Provider;
}
