// The light build of Bottleneck (no Redis clustering), the one @octokit/plugin-throttling uses,
// has the main build's types but ships no declaration of its own.
declare module "bottleneck/light.js" {
  import Bottleneck from "bottleneck";
  export default Bottleneck;
}
