// The Nx plugin that infers the grid's tasks. Nx loads plugins with require(); the plugin's
// code is TypeScript shared with the grid runner, so tsx compiles it on the way in.
const { require: tsxRequire } = require('tsx/cjs/api');

const { createNodesForGridFile, GRID_FILES_GLOB } = tsxRequire(
  './src/plugin/create-nodes.ts',
  __filename,
);

exports.createNodes = [
  GRID_FILES_GLOB,
  async (gridFiles, _options, context) =>
    Promise.all(gridFiles.map(async (file) => [file, await createNodesForGridFile(file, context)])),
];
exports.createNodesV2 = exports.createNodes;
