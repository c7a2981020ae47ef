# Sourced, from the repository root, by the scripts behind npm start, npm test and npm stop, so that
# they run on the project's Node even when started by hand (`bash scripts/test.sh`). The `node`
# devDependency installs Node's own binary as node_modules/.bin/node; npm puts node_modules/.bin
# first on PATH for its scripts and for npx, and this does the same. Every Node process the scripts
# start (tsx, tsc, jest, eslint, the services) then runs on it, whatever Node the machine has.
export PATH="$PWD/node_modules/.bin:$PATH"
# kafkajs 2.2.4 sets a negative timer on every connection; Node 24 warns of it (kafkajs issue 1751)
# and runs it after 1 ms, as Node 20 did silently. .npmrc passes the same option to npm's scripts,
# SERVICE_NODE_OPTIONS to the services.
export NODE_OPTIONS="--disable-warning=TimeoutNegativeWarning${NODE_OPTIONS:+ $NODE_OPTIONS}"

# Stops the script, saying why, unless the `node` on PATH is the major pinned in package.json.
# Call it once the dependencies are installed (scripts/ensure-deps.sh).
require_pinned_node() {
  hash -r # forget a node looked up before the install put node_modules/.bin/node there
  local pinned running
  pinned=$(node -p 'require("./package.json").devDependencies.node')
  running=$(node -p 'process.versions.node')
  if [ "${running%%.*}" != "${pinned%%.*}" ]; then
    {
      echo "node: parkledger runs on Node ${pinned%%.*} (node@$pinned in package.json's devDependencies),"
      echo "node: but the node on PATH is $running ($(command -v node))."
      echo "node: node_modules/.bin/node is missing or not the pinned one: install it with \`npm ci\`"
      echo "node: (or \`npm rebuild node\` if npm skipped its install script), then start this again."
    } >&2
    exit 1
  fi
  echo "node: $running ($(command -v node))"
}
