//! The harness in WAMR's fast interpreter, the runtime inside Fluent Bit,
//! built as Fluent Bit builds it (no SIMD, WASI, the system allocator) by
//! the `wamrx-sys` crate. Instantiation runs the module's `_initialize`
//! within the stack size given, so a module that needs more stack than
//! Fluent Bit's default fails here as it fails there.

use std::ffi::{c_char, CStr, CString};
use std::sync::{Mutex, MutexGuard, Once};
use wamrx_sys as w;

/// WAMR's runtime is process-wide: initialised once, and used by one
/// harness at a time (tests run on several threads).
static INIT: Once = Once::new();
static LOCK: Mutex<()> = Mutex::new(());

pub struct Harness {
    module: w::wasm_module_t,
    instance: w::wasm_module_inst_t,
    env: w::wasm_exec_env_t,
    /// WAMR may point into the bytes it loaded until the module is
    /// unloaded.
    _bytes: Vec<u8>,
    /// The WASI directory names WAMR was given, kept alive likewise.
    _dirs: Vec<CString>,
    _dir_ptrs: Vec<*const c_char>,
    _guard: MutexGuard<'static, ()>,
}

impl Harness {
    /// Fluent Bit's defaults: 8 KiB `wasm_stack_size` and `wasm_heap_size`,
    /// no `accessible_paths`.
    pub fn new(bytes: &[u8]) -> Harness {
        Harness::with(bytes, super::WASM_STACK_SIZE, super::WASM_STACK_SIZE, &[])
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Load and instantiate as `flb_wasm_instantiate` does, with these
    /// settings. `map_dirs` are WAMR's `guest::host` directory mappings.
    pub fn with(
        bytes: &[u8],
        stack_size: u32,
        heap_size: u32,
        map_dirs: &[&str],
    ) -> Result<Harness, String> {
        let guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
        INIT.call_once(|| {
            // SAFETY: plain C initialisation, once per process.
            let ok = unsafe {
                let mut args: w::RuntimeInitArgs = std::mem::zeroed();
                args.mem_alloc_type = w::Alloc_With_System_Allocator;
                w::wasm_runtime_full_init(&mut args)
            };
            assert!(ok, "wasm_runtime_full_init failed");
        });
        let mut bytes = bytes.to_vec();
        let dirs: Vec<CString> = map_dirs
            .iter()
            .map(|d| CString::new(*d).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?;
        let mut dir_ptrs: Vec<*const c_char> = dirs.iter().map(|d| d.as_ptr()).collect();
        let mut err = [0 as c_char; 256];
        // SAFETY: the buffers outlive the module (kept in the harness);
        // every handle is checked before use.
        unsafe {
            let module = w::wasm_runtime_load(
                bytes.as_mut_ptr(),
                bytes.len() as u32,
                err.as_mut_ptr(),
                err.len() as u32,
            );
            if module.is_null() {
                return Err(format!("load: {}", c_text(err.as_ptr())));
            }
            w::wasm_runtime_set_wasi_args_ex(
                module,
                std::ptr::null_mut(),
                0,
                dir_ptrs.as_mut_ptr(),
                dir_ptrs.len() as u32,
                std::ptr::null_mut(),
                0,
                std::ptr::null_mut(),
                0,
                0,
                1,
                2,
            );
            let instance = w::wasm_runtime_instantiate(
                module,
                stack_size,
                heap_size,
                err.as_mut_ptr(),
                err.len() as u32,
            );
            if instance.is_null() {
                w::wasm_runtime_unload(module);
                return Err(format!("instantiate: {}", c_text(err.as_ptr())));
            }
            let env = w::wasm_runtime_create_exec_env(instance, stack_size);
            if env.is_null() {
                w::wasm_runtime_deinstantiate(instance);
                w::wasm_runtime_unload(module);
                return Err("create_exec_env failed".into());
            }
            Ok(Harness {
                module,
                instance,
                env,
                _bytes: bytes,
                _dirs: dirs,
                _dir_ptrs: dir_ptrs,
                _guard: guard,
            })
        }
    }

    /// The least `wasm_stack_size` (to 8 bytes) with which `bytes` loads,
    /// `_initialize` included.
    pub fn stack_needed_at_load(bytes: &[u8]) -> u32 {
        let (mut fails, mut loads) = (1024, 64 * 1024);
        while loads - fails > 8 {
            let mid = (fails + loads) / 2;
            match Harness::with(bytes, mid, super::WASM_STACK_SIZE, &[]) {
                Ok(_) => loads = mid,
                Err(_) => fails = mid,
            }
        }
        loads
    }

    /// Linear memory size in 64 KiB pages.
    pub fn pages(&self) -> u64 {
        // SAFETY: a live instance.
        unsafe {
            let mem = w::wasm_runtime_get_default_memory(self.instance);
            if mem.is_null() {
                0
            } else {
                w::wasm_memory_get_cur_page_count(mem)
            }
        }
    }

    /// The module's exported `malloc`, through WAMR as Fluent Bit's copies
    /// reach it (`wasm_runtime_module_malloc`).
    pub fn malloc(&mut self, len: u32) -> u32 {
        let mut native = std::ptr::null_mut();
        // SAFETY: a live instance.
        unsafe { w::wasm_runtime_module_malloc(self.instance, len as u64, &mut native) as u32 }
    }

    /// The module's exported `free`.
    pub fn free(&mut self, ptr: u32) {
        // SAFETY: a live instance; WAMR checks the address.
        unsafe { w::wasm_runtime_module_free(self.instance, ptr as u64) }
    }

    /// Module memory at `ptr`, `len` bytes, checked by WAMR.
    fn native(&self, ptr: u32, len: usize) -> *mut u8 {
        // SAFETY: a live instance; the range is validated before use.
        unsafe {
            assert!(
                w::wasm_runtime_validate_app_addr(self.instance, ptr as u64, len as u64),
                "{ptr}+{len} is outside module memory"
            );
            w::wasm_runtime_addr_app_to_native(self.instance, ptr as u64).cast()
        }
    }

    /// Copy `data` into module memory at `ptr`.
    pub fn write(&mut self, ptr: u32, data: &[u8]) {
        let p = self.native(ptr, data.len());
        // SAFETY: `native` checked the range.
        unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), p, data.len()) }
    }

    /// `len` bytes of module memory at `ptr`.
    pub fn read(&self, ptr: u32, len: usize) -> Vec<u8> {
        let p = self.native(ptr, len);
        // SAFETY: `native` checked the range.
        unsafe { std::slice::from_raw_parts(p, len).to_vec() }
    }

    /// Call `function` on one record the way filter_wasm does. `Err` is a
    /// trap (which Fluent Bit turns into a dropped record) or a result
    /// Fluent Bit would reject.
    pub fn call(
        &mut self,
        function: &str,
        tag: &str,
        record: &[u8],
        json: bool,
    ) -> Result<Vec<u8>, String> {
        let name = CString::new(function).map_err(|e| e.to_string())?;
        let tag_c = CString::new(tag).map_err(|e| e.to_string())?;
        let mut rec = record.to_vec();
        if json {
            rec.push(0);
        }
        // SAFETY: a live instance; the copies are made by WAMR into module
        // memory and freed below; the result is validated as a C string in
        // module memory before it is read.
        unsafe {
            let func = w::wasm_runtime_lookup_function(self.instance, name.as_ptr());
            if func.is_null() {
                return Err(format!("{function}: not exported"));
            }
            let tag_buf = w::wasm_runtime_module_dup_data(
                self.instance,
                tag_c.as_ptr(),
                tag.len() as u64 + 1,
            );
            let rec_buf = w::wasm_runtime_module_dup_data(
                self.instance,
                rec.as_ptr().cast(),
                rec.len() as u64,
            );
            let mut args: [u32; 6] = [
                tag_buf as u32,
                tag.len() as u32,
                1_764_000_000,
                123_456_789,
                rec_buf as u32,
                record.len() as u32,
            ];
            let out = if tag_buf == 0 || rec_buf == 0 {
                Err("module malloc failed".to_string())
            } else if !w::wasm_runtime_call_wasm(self.env, func, 6, args.as_mut_ptr()) {
                let e = c_text(w::wasm_runtime_get_exception(self.instance));
                w::wasm_runtime_clear_exception(self.instance);
                Err(format!("trap: {e}"))
            } else if !w::wasm_runtime_validate_app_str_addr(self.instance, args[0] as u64) {
                Err("returned value is invalid".to_string())
            } else {
                let p = w::wasm_runtime_addr_app_to_native(self.instance, args[0] as u64);
                Ok(CStr::from_ptr(p.cast()).to_bytes().to_vec())
            };
            for b in [tag_buf, rec_buf] {
                if b != 0 {
                    w::wasm_runtime_module_free(self.instance, b);
                }
            }
            out
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // SAFETY: handles created in `with`, released once, in reverse.
        unsafe {
            w::wasm_runtime_destroy_exec_env(self.env);
            w::wasm_runtime_deinstantiate(self.instance);
            w::wasm_runtime_unload(self.module);
        }
    }
}

/// A C string from WAMR, or "" for none.
///
/// # Safety
/// `p` is null or a NUL-terminated string.
unsafe fn c_text(p: *const c_char) -> String {
    if p.is_null() {
        String::new()
    } else {
        CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}
