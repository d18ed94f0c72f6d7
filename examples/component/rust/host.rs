//! Load the panicsig component in wasmtime with WASI preview 2 (Rust's
//! `wasm32-wasip2` std imports a few WASI interfaces; panicsig itself
//! reads no files and no clock).

use anyhow::Result;
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

wasmtime::component::bindgen!({
    path: "../../wit",
    world: "panicsig",
});

pub use self::panicsig::annotator::types;
pub use exports::panicsig::annotator::annotator::Guest as Annotator;

/// Store data: the WASI context (no preopens, no environment).
pub struct Host {
    wasi: WasiCtx,
    table: ResourceTable,
}

impl WasiView for Host {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

/// One instance: its own catalog and options.
pub struct Instance {
    pub store: Store<Host>,
    pub bindings: Panicsig,
}

impl Instance {
    /// Compile and instantiate the component at `path`.
    pub fn load(path: &str) -> Result<Instance> {
        let engine = Engine::default();
        let component = Component::from_file(&engine, path)?;
        Self::instantiate(&engine, &component)
    }

    /// A fresh instance of an already compiled component.
    pub fn instantiate(engine: &Engine, component: &Component) -> Result<Instance> {
        let mut linker = Linker::new(engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        let host = Host {
            wasi: WasiCtx::builder().build(),
            table: ResourceTable::new(),
        };
        let mut store = Store::new(engine, host);
        let bindings = Panicsig::instantiate(&mut store, component, &linker)?;
        Ok(Instance { store, bindings })
    }

    /// The exported `annotator` interface.
    pub fn annotator(&self) -> &Annotator {
        self.bindings.panicsig_annotator_annotator()
    }
}
