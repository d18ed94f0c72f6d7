//! The harness in wasmi, configured like Fluent Bit's WAMR where wasmi
//! can be: no SIMD, an 8 KiB value stack (Fluent Bit's default
//! `wasm_stack_size`) and at most 100 nested calls. wasmi counts its
//! stack differently from WAMR, so stack depth is checked in WAMR itself
//! (tests/wamr).

use wasmi::{Caller, Config, Engine, Instance, Linker, Memory, Module, Store, TypedFunc};

type Filter = TypedFunc<(i32, i32, i32, i32, i32, i32), i32>;

pub struct Harness {
    store: Store<()>,
    memory: Memory,
    malloc: TypedFunc<i32, i32>,
    free: TypedFunc<i32, ()>,
    instance: Instance,
}

const ERRNO_BADF: i32 = 8;
const ERRNO_NOSYS: i32 = 52;

/// WASI as the module sees it in Fluent Bit with no readable files: no
/// arguments, no environment, no preopened directory.
fn wasi(linker: &mut Linker<()>) {
    let m = "wasi_snapshot_preview1";
    let l = linker;
    l.func_wrap(m, "random_get", |_: Caller<'_, ()>, _p: i32, _n: i32| 0i32)
        .ok();
    l.func_wrap(m, "environ_get", |_: Caller<'_, ()>, _a: i32, _b: i32| 0i32)
        .ok();
    l.func_wrap(
        m,
        "environ_sizes_get",
        |mut c: Caller<'_, ()>, a: i32, b: i32| {
            if let Some(mem) = c.get_export("memory").and_then(|e| e.into_memory()) {
                let d = mem.data_mut(&mut c);
                for p in [a, b] {
                    if let Some(s) = d.get_mut(p as usize..p as usize + 4) {
                        s.copy_from_slice(&0u32.to_le_bytes());
                    }
                }
            }
            0i32
        },
    )
    .ok();
    l.func_wrap(m, "fd_close", |_: Caller<'_, ()>, _fd: i32| ERRNO_BADF)
        .ok();
    l.func_wrap(
        m,
        "fd_fdstat_get",
        |_: Caller<'_, ()>, _fd: i32, _p: i32| ERRNO_BADF,
    )
    .ok();
    l.func_wrap(
        m,
        "fd_filestat_get",
        |_: Caller<'_, ()>, _fd: i32, _p: i32| ERRNO_BADF,
    )
    .ok();
    l.func_wrap(
        m,
        "fd_prestat_get",
        |_: Caller<'_, ()>, _fd: i32, _p: i32| ERRNO_BADF,
    )
    .ok();
    l.func_wrap(
        m,
        "fd_prestat_dir_name",
        |_: Caller<'_, ()>, _fd: i32, _p: i32, _n: i32| ERRNO_BADF,
    )
    .ok();
    l.func_wrap(
        m,
        "fd_read",
        |_: Caller<'_, ()>, _fd: i32, _a: i32, _b: i32, _c: i32| ERRNO_BADF,
    )
    .ok();
    l.func_wrap(
        m,
        "fd_write",
        |_: Caller<'_, ()>, _fd: i32, _a: i32, _b: i32, _c: i32| ERRNO_BADF,
    )
    .ok();
    l.func_wrap(
        m,
        "path_open",
        |_: Caller<'_, ()>,
         _a: i32,
         _b: i32,
         _c: i32,
         _d: i32,
         _e: i32,
         _f: i64,
         _g: i64,
         _h: i32,
         _i: i32| { ERRNO_NOSYS },
    )
    .ok();
    l.func_wrap(
        m,
        "proc_exit",
        |_: Caller<'_, ()>, code: i32| -> Result<(), wasmi::Error> {
            Err(wasmi::Error::new(format!("proc_exit({code})")))
        },
    )
    .ok();
}

impl Harness {
    pub fn new(bytes: &[u8]) -> Harness {
        let mut config = Config::default();
        // wasmi is built without its `simd` feature: a v128 instruction fails to
        // validate, as in Fluent Bit.'s WAMR.
        config.set_max_recursion_depth(100);
        // Fluent Bit's default wasm_stack_size: 8 KiB of operand stack.
        config.set_max_stack_height(super::WASM_STACK_SIZE as usize);
        let engine = Engine::new(&config);
        let module = Module::new(&engine, bytes).expect("module validates without SIMD");
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        wasi(&mut linker);
        let instance = linker
            .instantiate_and_start(&mut store, &module)
            .expect("instantiate");
        let init: TypedFunc<(), ()> = instance
            .get_typed_func(&store, "_initialize")
            .expect("reactor: _initialize export");
        init.call(&mut store, ()).expect("_initialize");
        let memory = instance
            .get_memory(&store, "memory")
            .expect("memory export");
        let malloc = instance
            .get_typed_func(&store, "malloc")
            .expect("malloc export");
        let free = instance
            .get_typed_func(&store, "free")
            .expect("free export");
        Harness {
            store,
            memory,
            malloc,
            free,
            instance,
        }
    }

    /// Linear memory size in 64 KiB pages.
    pub fn pages(&self) -> u64 {
        self.memory.size(&self.store)
    }

    /// The module's exported `malloc`, as the host calls it.
    pub fn malloc(&mut self, len: u32) -> u32 {
        self.malloc
            .call(&mut self.store, len as i32)
            .expect("malloc") as u32
    }

    /// The module's exported `free`.
    pub fn free(&mut self, ptr: u32) {
        self.free.call(&mut self.store, ptr as i32).expect("free");
    }

    /// Copy `data` into module memory at `ptr`.
    pub fn write(&mut self, ptr: u32, data: &[u8]) {
        let p = ptr as usize;
        self.memory.data_mut(&mut self.store)[p..p + data.len()].copy_from_slice(data);
    }

    /// `len` bytes of module memory at `ptr`.
    pub fn read(&self, ptr: u32, len: usize) -> Vec<u8> {
        let p = ptr as usize;
        self.memory.data(&self.store)[p..p + len].to_vec()
    }

    fn copy_in(&mut self, data: &[u8], nul: bool) -> i32 {
        let len = data.len() + usize::from(nul);
        let ptr = self
            .malloc
            .call(&mut self.store, len as i32)
            .expect("malloc");
        assert_ne!(ptr, 0, "malloc({len}) returned NULL");
        let mem = self.memory.data_mut(&mut self.store);
        let p = ptr as usize;
        mem[p..p + data.len()].copy_from_slice(data);
        if nul {
            mem[p + data.len()] = 0;
        }
        ptr
    }

    /// Call `function` on one record the way filter_wasm does. `Err` is a
    /// trap (which Fluent Bit turns into a dropped record).
    pub fn call(
        &mut self,
        function: &str,
        tag: &str,
        record: &[u8],
        json: bool,
    ) -> Result<Vec<u8>, String> {
        let f: Filter = self
            .instance
            .get_typed_func(&self.store, function)
            .map_err(|e| format!("{function}: {e}"))?;
        let tag_ptr = self.copy_in(tag.as_bytes(), true);
        let rec_ptr = self.copy_in(record, json);
        let ret = f
            .call(
                &mut self.store,
                (
                    tag_ptr,
                    tag.len() as i32,
                    1_764_000_000,
                    123_456_789,
                    rec_ptr,
                    record.len() as i32,
                ),
            )
            .map_err(|e| format!("trap: {e}"));
        let out = ret.map(|r| {
            let mem = self.memory.data(&self.store);
            let start = r as usize;
            let end = mem[start..]
                .iter()
                .position(|&b| b == 0)
                .map_or(mem.len(), |n| start + n);
            mem[start..end].to_vec()
        });
        self.free.call(&mut self.store, tag_ptr).expect("free");
        self.free.call(&mut self.store, rec_ptr).expect("free");
        out
    }
}
