// Electronegativity requires 'commander' without declaring it and expects the v2–v5 API; it used
// to get one by accident of hoisting. Now that the CLI and Stryker bring commander 14 to the top
// level, its own requests for 'commander' are sent to the v5 copy it was written for
// (devDependency alias electronegativity-commander), and no one else's.
const Module = require('node:module')
const { sep } = require('node:path')
const original = Module._resolveFilename
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'commander' && parent?.filename?.includes(`${sep}@doyensec${sep}electronegativity${sep}`)) {
    return original.call(this, 'electronegativity-commander', parent, ...rest)
  }
  return original.call(this, request, parent, ...rest)
}
