// Snips the closure invokers that wasm-bindgen leaves behind, as wasm-snip does: their bodies
// become `unreachable`, and wasm-opt then drops what only they used. js-sys 0.3.107 describes a
// closure type for every closure-taking import it declares (`Int8Array::for_each` and the like),
// and each description takes the address of that type's invoker. So the linker puts all of them
// in the function table, and wasm-bindgen, which drops the descriptions once it has read them,
// keeps the table entries: 42 invokers of closures this crate never makes (2.1 KB raw, 0.6 KB
// gzip). JavaScript calls a live closure through its invoker's export, and the module exports no
// table, so an invoker that is neither exported nor called directly is unreachable.
//
// The same holds for the waker of js-sys's JSPI tasks: its four vtable functions sit in the table
// (0.4 KB raw with what they call), but the package has its own executor (src/wasm/task.rs) and
// nothing left in the module can make such a waker. They are snipped only while the function
// that makes one (`jspi::task_waker`) is gone, so a js-sys that still used it would keep them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Rewrites the wasm-bindgen output `file` in place and returns how many invokers were snipped.
 * Needs the name section, which wasm-bindgen keeps; without it nothing is snipped (the size
 * ratchet would then say so).
 */
export async function snipInvokers(root, file) {
  const { default: binaryen } = await import(join(root, 'tests', 'node_modules', 'binaryen', 'index.js'));
  binaryen.setDebugInfo(true); const module = binaryen.readBinary(readFileSync(file));
  try {
    const live = new Set();
    for (let i = 0; i < module.getNumExports(); i += 1) {
      const e = binaryen.getExportInfo(module.getExportByIndex(i));
      // A table JavaScript can see could call any of its entries: then nothing is provably dead.
      if (e.kind === binaryen.ExternalTable) throw new Error(`snip: the module exports its table (${e.name})`);
      if (e.kind === binaryen.ExternalFunction) live.add(e.value);
    }
    if (module.getNumTables() > 0 && binaryen.getTableInfo(module.getTableByIndex(0)).module) {
      throw new Error('snip: the module imports its table');
    }
    const text = module.emitText();
    const names = [];
    for (let i = 0; i < module.getNumFunctions(); i += 1) {
      names.push(binaryen.getFunctionInfo(module.getFunctionByIndex(i)).name);
    }
    const wakerMade = names.some((name) => /::futures::jspi::task_waker$/.test(name));
    const dead = (name) =>
      /::convert::closures::_::invoke::</.test(name) ||
      (!wakerMade && /::futures::jspi::task_waker::raw_/.test(name));
    let snipped = 0;
    for (let i = 0; i < module.getNumFunctions(); i += 1) {
      const f = module.getFunctionByIndex(i);
      const { name, module: imported } = binaryen.getFunctionInfo(f);
      if (imported || live.has(name) || !dead(name)) continue;
      if (text.includes(`call $"${name}"`)) continue;
      binaryen._BinaryenFunctionSetBody(f, module.unreachable());
      snipped += 1;
    }
    if (!module.validate()) throw new Error('snip: the module is no longer valid');
    writeFileSync(file, module.emitBinary());
    return snipped;
  } finally {
    module.dispose();
  }
}
