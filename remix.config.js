/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  // Native and Node-only packages stay external; the server bundle imports them at run time.
  serverDependenciesToBundle: [],
};
