//! Scanner behaviour on small, hand-made inputs.

use super::*;

#[test]
fn signal_header_without_pc_line_is_not_an_incident() {
    assert!(scan("SIGNAL: x\nnext line\n").is_empty());
    assert!(scan("SIGTERM: shutting down\n").is_empty());
}

#[test]
fn goroutine_stacks_without_a_header_are_a_dump() {
    let text = "dumping state\ngoroutine 1 [running]:\nmain.main()\n\t/a/main.go:3 +0x1\n";
    let found = scan(text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, crate::model::Kind::Dump);
    assert_eq!(found[0].message, "");
    assert_eq!(found[0].start_line, 2);
    // A running goroutine of its own: a crash that lost its header.
    assert_eq!(found[0].crash_site().map(|f| f.line), Some(3));
    let dump = "goroutine 7 [running]:\nruntime/pprof.writeGoroutineStacks()\n\t/go/src/runtime/pprof/pprof.go:693 +0x9f\n";
    assert!(scan(dump).first().is_some_and(|i| i.crash_site().is_none()));
    // A header alone, with no frame, is not one.
    assert!(scan("goroutine 1 [running]:\n").is_empty());
}

#[test]
fn a_stack_printed_after_recover_is_a_recovered_panic() {
    let text = "recovered: boom\ngoroutine 1 [running]:\nruntime/debug.Stack()\n\t/go/src/runtime/debug/stack.go:24 +0x5e\npanic({0x1, 0x2})\n\t/go/src/runtime/panic.go:770 +0x132\nmain.f()\n\t/a/main.go:9 +0x1\n";
    let found = scan(text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, crate::model::Kind::Panic);
    assert_eq!(found[0].message, "boom");
    assert!(found[0].recovered);
    assert_eq!(
        found[0].crash_site().map(|f| f.function.as_str()),
        Some("main.f")
    );
}

#[test]
fn a_header_after_other_text_needs_a_stack_and_strips_that_text() {
    assert!(scan("level=info msg=\"recovered from panic: boom\"\n").is_empty());
    let text = "> panic: boom\n>\n> goroutine 1 [running]:\n> main.main()\n> \t/a/main.go:3 +0x1\n";
    let found = scan(text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].message, "boom");
    assert_eq!(found[0].crash_site().map(|f| f.line), Some(3));
    // Digits in the prefix may change from line to line.
    let text = "12:00:01.5 | panic: boom\n12:00:01.55 | goroutine 1 [running]:\n12:00:02.1 | main.main()\n12:00:02.1 | \t/a/main.go:3 +0x1\n";
    assert_eq!(
        scan(text)
            .first()
            .and_then(|i| i.crash_site())
            .map(|f| f.line),
        Some(3)
    );
}

#[test]
fn a_bsd_kernel_panic_is_not_go() {
    let text = "panic: page fault\ncpuid = 3\ntime = 1704781932\nKDB: stack backtrace:\n";
    assert!(scan(text).is_empty());
    // crashinfo(8)'s summary: the panic line, then kgdb's banner.
    let text =
        "panic: page fault\n\nGNU gdb (GDB) 10.1 [GDB v10.1 for FreeBSD]\nCopyright (C) 2020\n";
    assert!(scan(text).is_empty());
}

#[test]
fn another_languages_panic_diagnostic_is_not_go() {
    let text = "panic: IndexError: hello\n   --> /tmp/fail.spy:2:2\n    |\n";
    assert!(scan(text).is_empty());
}

#[test]
fn headers_at_end_of_input_are_all_kept() {
    let found = scan("panic: a\nfatal error: b\n");
    let messages: Vec<_> = found.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(messages, ["a", "b"]);
    let text = "panic: x\n".repeat(1000);
    assert_eq!(scan(&text).len(), 1000);
}

#[test]
fn first_stops_after_one_incident() {
    let text = "panic: x\n".repeat(1000);
    assert_eq!(first(&text).map(|i| i.message), Some("x".to_string()));
}

#[test]
fn elided_counts_saturate() {
    let text = format!(
        "panic: x\n\ngoroutine 1 [running]:\nmain.f()\n\t/a.go:1 +0x1\n...{} frames elided...\n...{} frames elided...\n",
        usize::MAX,
        usize::MAX
    );
    let found = scan(&text);
    assert_eq!(found[0].goroutines[0].frames_dropped, usize::MAX);
}

/// The only incident of `text`, or a failure naming what was found.
fn one(text: &str) -> Incident {
    let mut found = scan(text);
    assert_eq!(found.len(), 1, "{found:?}");
    found.remove(0)
}

#[test]
fn a_recovery_line_a_few_lines_above_the_stack_names_the_value() {
    let text = "E | ctl: Panic: runtime error: index out of range [1] with length 1\nE | ctl: Stack trace:\ngoroutine 8 [running]:\nruntime/debug.Stack()\n\t/go/src/runtime/debug/stack.go:24 +0x5e\npanic({0x1, 0x2})\n\t/go/src/runtime/panic.go:770 +0x132\nmain.f()\n\t/a/main.go:9 +0x1\n";
    let inc = one(text);
    assert_eq!(
        inc.message,
        "runtime error: index out of range [1] with length 1"
    );
    assert!(inc.recovered);
    assert_eq!(
        inc.crash_site().map(|f| f.function.as_str()),
        Some("main.f")
    );
}

#[test]
fn a_goroutine_header_ending_a_log_line() {
    let text = "[Error] GOPOOL: panic in pool: p: runtime error: boom: goroutine 16 [running]:\npanic({0x1, 0x2})\n\t/go/src/runtime/panic.go:770 +0x1\nmain.g()\n\t/a/main.go:4 +0x1\n";
    let inc = one(text);
    assert_eq!(inc.message, "runtime error: boom:");
    assert_eq!(
        inc.crash_site().map(|f| f.function.as_str()),
        Some("main.g")
    );
}

#[test]
fn a_paste_that_lost_the_space_after_panic() {
    let inc =
        one("panic:runtime error:boom\ngoroutine 1 [running]:\nmain.main()\n\t/a/main.go:3 +0x1\n");
    assert_eq!(inc.message, "runtime error:boom");
    assert!(scan("panic:true\nnext\n").is_empty());
}

#[test]
fn a_logrus_record_with_an_escaped_stack() {
    let text = "time=\"2022-09-09T04:18:12Z\" level=error msg=\"Stack: goroutine 51 [running]:\\nruntime/debug.Stack()\\n\\t/go/src/runtime/debug/stack.go:24 +0x65\\npanic({0x1, 0x2})\\n\\t/go/src/runtime/panic.go:838 +0x207\\nmain.h()\\n\\t/a/main.go:7 +0x1\\n\"\n";
    let inc = one(text);
    assert_eq!(
        inc.crash_site().map(|f| f.function.as_str()),
        Some("main.h")
    );
}

#[test]
fn a_console_line_with_a_cut_stacktrace_field() {
    let text = "2026-03-02T14:30:30Z\tERROR\tObserved a panic\t{\"controller\": \"x\", \"panic\": \"boom\", \"stacktrace\": \"goroutine 183 [running]:\\npanic({0x1, 0x2})\\n\\t/go/src/runtime/panic.go:860 +0x13a\\nmain.k(0x0?)\\n\\t/a/main.go:5 +0x1\\nmain.l(0x";
    let inc = one(text);
    assert_eq!(inc.message, "boom");
    assert_eq!(
        inc.crash_site().map(|f| f.function.as_str()),
        Some("main.k")
    );
}

#[test]
fn a_zap_stack_of_bare_function_lines() {
    let text = "ERROR\tMiddleware PANIC RECOVER\t{\"error\": \"oops\", \"stack\": \"svc.recover.func1\\n\\t/a/recover.go:18\\nruntime.gopanic\\n\\t/go/src/runtime/panic.go:1038\\nsvc.routes.func2\\n\\t/a/routes.go:73\"}\n";
    let inc = one(text);
    assert_eq!(inc.message, "oops");
    assert_eq!(
        inc.crash_site().map(|f| f.function.as_str()),
        Some("svc.routes.func2")
    );
}

#[test]
fn file_only_stacks_and_a_terminal_cut_value() {
    let text = "E1113 19:45:44.464932       1 runtime.go:69] Observed a panic: \"bad\" (runtime error: bad derefe\nrence)\n/go/pkg/mod/k8s.io/apimachinery/pkg/util/runtime/runtime.go:76\n/usr/local/go/src/runtime/panic.go:522\n/app/ctl.go:64\nnext line\n";
    let inc = one(text);
    assert_eq!(inc.message, "runtime error: bad derefe\nrence)");
    assert_eq!(inc.frames().len(), 3);
    assert_eq!(inc.end_line, 5);
}

#[test]
fn hard_wrapped_frames_keep_their_site() {
    let text = "fatal error: concurrent map iteration and map write\n\ngoroutine 821 [running]:\nruntime.throw(0x19dce6f, 0x26)\n/usr/local/go/src/runtime/panic.go:617 +0x72 fp=0xc0014018f0 sp=0xc0014018c0 pc\n=0x42ce72\nsvc.publish(0xc00165d680, 0xc001\n401e18)\n/pillar/svc.go:785 +0x13e fp=0xc001401a38 sp=0xc001401978\npc=0x12ed1ce\n";
    let inc = one(text);
    assert_eq!(
        inc.crash_site().map(|f| (f.function.as_str(), f.line)),
        Some(("svc.publish", 785))
    );
}

#[test]
fn stack_words_after_an_unexpected_return_pc_stay_in_the_incident() {
    let text = "fatal error: unexpected signal during runtime execution\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x1 pc=0x1]\n\nruntime stack:\nruntime: unexpected return pc for runtime.sigpanic called from 0x7fff20392c9e\nstack: frame={sp:0x7ffeefbfef48, fp:0x7ffeefbfef98} stack=[0x7ffeefb7ffe8,0x7ffeefbff050)\n0x00007ffeefbfee48:  0x01007ffeefbfee68  0x0000000000000004 \nruntime.throw({0x46c4efc, 0x4b0d3e0})\n\t/usr/local/go/src/runtime/panic.go:1198 +0x71\n\ngoroutine 1 [syscall]:\nsyscall.syscall(0x1)\n\t/usr/local/go/src/syscall/zsyscall_darwin.go:22 +0x3b\n";
    let inc = one(text);
    assert_eq!(
        inc.crash_site().map(|f| f.function.as_str()),
        Some("syscall.syscall")
    );
}

#[test]
fn twin_panics_are_one_crash_but_a_later_run_is_another() {
    let twin = "panic: boom\n\ngoroutine 7 [running]:\nmain.a()\n\t/a/main.go:3 +0x1\npanic: boom\n\ngoroutine 8 [running]:\nmain.b()\n\t/a/main.go:4 +0x1\n";
    assert_eq!(one(twin).goroutine_count, 2);
    let again = "panic: boom\n\ngoroutine 7 [running]:\nmain.a()\n\t/a/main.go:3 +0x1\n\npanic: boom\n\ngoroutine 8 [running]:\nmain.b()\n\t/a/main.go:4 +0x1\n";
    assert_eq!(scan(again).len(), 2);
}

#[test]
fn runtime_helpers_under_other_names_are_not_the_crash_site() {
    let text = "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [semacquire]:\nsync.runtime_Semacquire(0x9bc7c0?)\n        runtime/sema.go:62 +0x25\nsync.(*WaitGroup).Wait(0xc000012010?)\n        sync/waitgroup.go:139 +0x52\n";
    let inc = one(text);
    assert_eq!(
        inc.crash_site().map(|f| f.function.as_str()),
        Some("sync.(*WaitGroup).Wait")
    );
}

#[test]
fn syslog_lines_a_paste_joined_are_split_again() {
    let text = "Aug 10 08:15:13 w1 dockerd[781]: panic: boomAug 10 08:15:13 w1 dockerd[781]: goroutine 335 [running]:Aug 10 08:15:13 w1 dockerd[781]: main.f(0x1)Aug 10 08:15:13 w1 dockerd[781]: \t/a/main.go:9 +0x1\n";
    let inc = one(text);
    assert_eq!(inc.message, "boom");
    assert_eq!(
        inc.crash_site().map(|f| f.function.as_str()),
        Some("main.f")
    );
    assert!(records::joined_syslog(b"Aug 10 08:15:13 w1 app[1]: at 10:00:00 ok").is_none());
}

#[test]
fn beego_recoveries_in_each_of_its_formats() {
    let modern = "2018/09/04 10:09:43.855 [C] [asm_amd64.s:573]  Handler crashed with error runtime error: index out of range\n2018/09/04 10:09:43.855 [C] [asm_amd64.s:573]  C:/go/src/runtime/asm_amd64.s:573\n2018/09/04 10:09:43.855 [C] [asm_amd64.s:573]  C:/go/src/runtime/panic.go:502\n2018/09/04 10:09:43.855 [C] [asm_amd64.s:573]  D:/app/model/config.go:20\n";
    assert_eq!(one(modern).message, "runtime error: index out of range");
    let spaced = "2014/10/24 04:08:40 [C] Handler crashed with error write: broken pipe\n2014/10/24 04:08:40 [C] c:/go/src/pkg/runtime/panic.c 248\n2014/10/24 04:08:40 [C] f:/app/router.go 757\n";
    assert_eq!(
        one(spaced).message,
        "Handler crashed with error write: broken pipe"
    );
    let bracketed = "2013/07/05 18:17:20 [C] [Handler crashed with error runtime error: assignment to entry in nil map]\n2013/07/05 18:17:20 [C] [/usr/local/go/src/pkg/runtime/panic.c 229]\n2013/07/05 18:17:20 [C] [/app/router.go 202]\n";
    assert!(one(bracketed)
        .message
        .starts_with("runtime error: assignment to entry in nil map"));
}

#[test]
fn a_signal_line_whose_header_was_lost() {
    let value = "runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x20 pc=0x9a92c7]\n\ngoroutine 23 [running]:\nmain.run()\n\t/a/run.go:155 +0x1b7\n";
    let inc = one(value);
    assert_eq!(
        inc.message,
        "runtime error: invalid memory address or nil pointer dereference"
    );
    assert_eq!(inc.start_line, 1);
    let fault = "unexpected fault address 0x7fb93c71d000\n[signal SIGBUS: bus error code=0x2 addr=0x7fb99641a000 pc=0x4733c0]\ngoroutine 273542628 [running]\nruntime.throw(0xf75488, 0x5)\n";
    let inc = one(fault);
    assert_eq!(
        (inc.kind, inc.message.as_str()),
        (crate::model::Kind::Fatal, "fault")
    );
    assert!(scan("[signal SIGSEGV: segmentation violation]\nnothing after\n").is_empty());
}

#[test]
fn race_reports_from_before_go_1_3_have_no_address() {
    let text = "==================\nWARNING: DATA RACE\nRead by goroutine 13:\n  main.f()\n      /a/b.go:64 +0xa3\n\nPrevious write by goroutine 8:\n  main.g()\n      /a/c.go:9 +0xa3\n==================\n";
    assert_eq!(one(text).message, "Read by goroutine 13");
}

#[test]
fn an_upper_case_panic_from_a_plugin_host() {
    let text = "PANIC: interface conversion: interface {} is nil, not *aws.AWSClient\n\ngoroutine 48 [running]:\nmain.read(0x1)\n\t/a/read.go:842 +0x270f\n";
    assert_eq!(
        one(text).message,
        "interface conversion: interface {} is nil, not *aws.AWSClient"
    );
    assert!(scan("2019-01-01 00:00:00 UTC [123] PANIC:  could not write to file\n").is_empty());
}

#[test]
fn the_older_apimachinery_recovery_line() {
    let text = "E0613 21:05:48.051116       1 runtime.go:52] Recovered from panic: \"boom\" (boom)\ngoroutine 7 [running]:\nmain.f()\n\t/a/main.go:3 +0x1\n";
    assert_eq!(one(text).message, "boom");
}

#[test]
fn a_stack_label_before_the_goroutine_header_is_not_the_value() {
    let text = "msg: Stack: goroutine 51 [running]:\nruntime/debug.Stack()\n\t/go/src/runtime/debug/stack.go:24 +0x65\npanic({0x1, 0x2})\n\t/go/src/runtime/panic.go:838 +0x207\nmain.h()\n\t/a/main.go:7 +0x1\n";
    let inc = one(text);
    assert_eq!(inc.message, "");
    assert_eq!(
        inc.crash_site().map(|f| f.function.as_str()),
        Some("main.h")
    );
}

#[test]
fn a_windows_exception_pasted_without_its_panic_prefix() {
    // The value line, then the numeric signal line Windows prints.
    let text = "runtime error: invalid memory address or nil pointer dereference\n[signal 0xc0000005 code=0x0 addr=0x20 pc=0x9a92c7]\n\ngoroutine 23 [running]:\nmain.f(0x1)\n\tC:/src/a/b.go:15 +0x1b7\n";
    let i = one(text);
    assert_eq!(i.kind, crate::model::Kind::Panic);
    assert_eq!(
        i.message,
        "runtime error: invalid memory address or nil pointer dereference"
    );
    assert_eq!(i.start_line, 1);
    assert_eq!(i.crash_site().map(|f| f.line), Some(15));
}

#[test]
fn a_function_line_wrapped_before_its_arguments() {
    let text = "goroutine 23 [running]:\n\nmain.run.func5\n(0xc0430b1e20, 0xc04208e2c0)\n\t/src/a/run.go:155 +0x1b7\ncreated by main.run\n\t/src/a/run.go:141 +0x40d\n";
    let i = one(text);
    assert_eq!(
        i.crash_site().map(|f| (f.function.as_str(), f.line)),
        Some(("main.run.func5", 155))
    );
    assert_eq!(i.end_line, 7);
    // A name-like log line after a block is not a frame: it ends the
    // incident and is scanned again.
    let text =
        "goroutine 1 [running]:\nmain.main()\n\t/a/main.go:3 +0x1\nserver.started\npanic: boom\n";
    let found = scan(text);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].end_line, 3);
    assert_eq!(found[0].goroutines[0].frames.len(), 1);
    assert_eq!(found[1].start_line, 5);
}

/// Goroutine blocks read by the block path give what the general path
/// gives, on every fixture and on the blocks cut at every line.
#[test]
fn the_block_path_reads_as_the_general_path() {
    let mut texts = crate::test_fixtures::read_all(&[
        "tests/fixtures/corpus/go1.19.8",
        "tests/fixtures/corpus/go1.23.5",
        "tests/fixtures/gen/go1.19",
        "tests/fixtures/gen/go1.21",
        "tests/fixtures/gen/go1.23",
        "tests/fixtures/gen/go1.25",
        "tests/fixtures/gen/go1.27",
        "tests/fixtures/realworld/pos",
        "tests/fixtures/realworld/neg",
        "tests/fixtures/negative",
    ]);
    let originals = texts.len();
    // Every fixture as JSON lines and as wrapped lines too.
    let wrapped: Vec<Vec<u8>> = texts
        .iter()
        .map(|t| {
            String::from_utf8_lossy(t)
                .lines()
                .map(|l| format!("2024-11-24T10:00:00Z stdout F {l}\n"))
                .collect::<String>()
                .into_bytes()
        })
        .collect();
    texts.extend(wrapped);
    // Twice, with and without a blank line between: a crash after another
    // with the same value is one crash only without it.
    let twice: Vec<Vec<u8>> = texts
        .iter()
        .flat_map(|t| {
            [
                [t.as_slice(), t].concat(),
                [t.as_slice(), b"\n", t].concat(),
            ]
        })
        .collect();
    texts.extend(twice);
    let scan_with = |text: &[u8], general_only: bool| {
        let mut s = Scanner::with_json(None);
        s.general_only = general_only;
        s.feed(text);
        s.finish()
    };
    let mut blocks = 0;
    for text in &texts {
        let fast = scan_with(text, false);
        assert_eq!(
            fast,
            scan_with(text, true),
            "{}",
            String::from_utf8_lossy(text)
        );
        blocks += fast.iter().filter(|i| i.goroutine_count > 1).count();
    }
    // Each original cut after every line: the open incident ends there.
    for text in texts.iter().take(originals) {
        let lines: Vec<&[u8]> = text.split_inclusive(|&c| c == b'\n').collect();
        if lines.len() > 300 {
            continue;
        }
        for cut in 1..lines.len() {
            let head = lines.get(..cut).unwrap_or(&[]).concat();
            assert_eq!(scan_with(&head, false), scan_with(&head, true));
        }
    }
    assert!(blocks > 100, "{blocks} incidents with several goroutines");
}

/// A JSON line that a paste wrapped in two no longer parses; with or
/// without JSON decoding, its escaped stack is read (realworld/pos/b-028:
/// echo's recovery logged as JSON).
#[test]
fn a_wrapped_json_line_is_read_by_its_escapes() {
    let text = include_str!("../../tests/fixtures/realworld/pos/b-028.txt");
    let plain = super::first(text).expect("an incident");
    let mut s = Scanner::with_json(None);
    s.feed(text.as_bytes());
    let json = s.finish().into_iter().next().expect("an incident");
    for inc in [plain, json] {
        assert_eq!(inc.message, "a problem");
        assert_eq!(
            inc.crash_site().map(|f| f.function.as_str()),
            Some("go-template-2/bar.Foo")
        );
    }
}

/// `syscall.SyscallN` is printed with a file under the runtime's source
/// (Windows), yet it is the call the program made: a crash inside the
/// called code has its site there, under `runtime.cgocall`.
#[test]
fn syscall_frames_in_runtime_files_are_the_programs_call() {
    let frame = |function: &str, file: &str| crate::model::Frame {
        function: function.into(),
        file: file.into(),
        line: 1,
    };
    let go = "C:/Program Files/Go/src/runtime/";
    assert!(frame("runtime.cgocall", &format!("{go}cgocall.go")).is_runtime());
    assert!(!frame("syscall.SyscallN", &format!("{go}syscall_windows.go")).is_runtime());
    assert!(frame("time.Sleep", "/usr/local/go/src/runtime/time.go").is_runtime());
    // Go 1.19–1.21 print the syscall package's calls into the runtime so.
    let raw6 = "/usr/lib/go-1.21/src/runtime/internal/syscall/syscall_linux.go";
    assert!(frame("syscall.RawSyscall6", raw6).is_runtime());
    assert!(frame("sync.runtime_Semacquire", "runtime/sema.go").is_runtime());
}
