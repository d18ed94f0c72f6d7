//! The prefix shapes, one by one and nested.

use super::{
    is_bare_file_line, is_bare_function_line, logfmt_fields, strip, CANDIDATES, LOGRUS, RULES,
};

#[test]
fn strips_each_wrapper_and_keeps_go_indentation() {
    let cases = [
        (
            "2024-05-05T10:00:00.123456789Z stderr F panic: x",
            "panic: x",
        ),
        (
            "2024-05-05T10:00:00.123456789Z stdout P \tmain.go:3",
            "\tmain.go:3",
        ),
        ("Nov 24 18:12:42 web-1 api[812]: panic: boom", "panic: boom"),
        (
            "E1124 18:16:15.975719   30479 runtime.go:79] Observed a panic: x",
            "Observed a panic: x",
        ),
        (
            "2026/11/24 18:12:42 http: panic serving a: b",
            "http: panic serving a: b",
        ),
        ("2026-11-24T18:12:42.123Z ERROR panic: x", "panic: x"),
        (
            "2026-11-24 18:12:42,123 +0000 [error] fatal error: y",
            "fatal error: y",
        ),
        ("[2026-11-24 18:12:42] panic: z", "panic: z"),
        ("\tpanic: nested", "\tpanic: nested"),
        ("panic: plain", "panic: plain"),
        ("goroutine 1 [running]:\r", "goroutine 1 [running]:"),
        // A paste coloured red by a ```diff fence; an Android Studio
        // logcat line behind the marker.
        ("- goroutine 1 [running]:", "goroutine 1 [running]:"),
        ("- \tmain.go:3 +0x1d", "\tmain.go:3 +0x1d"),
        (
            "- 2026-01-10 00:51:44.057 31288-0 Go   com.example.app  E  fatal error: y",
            "fatal error: y",
        ),
        ("---", "---"),
        ("-x", "-x"),
        // Emphasis in a paste indented as a whole.
        ("    _panic: x_", "panic: x"),
        ("    **fatal error: y**", "fatal error: y"),
        ("    _value_", "    _value_"),
    ];
    for (input, want) in cases {
        assert_eq!(strip(input), want, "input {input:?}");
    }
}

/// Lines copied from the dev set (`../shared/realworld`, file named
/// beside each) and what must remain of them.
#[test]
fn real_prefixes_from_the_dev_set() {
    let cases = [
        // pos/a-200.txt: hclog (go-plugin) in Terraform.
        (
            "2021-05-27T10:46:33.875+0300 [DEBUG] plugin.terraform-provider-vsphere_v1.11.0_x4: panic: runtime error: invalid memory address or nil pointer dereference",
            "panic: runtime error: invalid memory address or nil pointer dereference",
        ),
        (
            "2021-05-27T10:46:33.875+0300 [DEBUG] plugin.terraform-provider-vsphere_v1.11.0_x4: \t/opt/teamcity-agent/work/5d79fe75d4460a2f/src/github.com/terraform-providers/terraform-provider-vsphere/vsphere/resource_vsphere_virtual_machine.go:339 +0x3c8",
            "\t/opt/teamcity-agent/work/5d79fe75d4460a2f/src/github.com/terraform-providers/terraform-provider-vsphere/vsphere/resource_vsphere_virtual_machine.go:339 +0x3c8",
        ),
        // pos/a-200.txt: the plugin's own log behind hclog's prefix.
        (
            "2021-05-27T10:46:33.863+0300 [DEBUG] plugin.terraform-provider-vsphere_v1.11.0_x4: 2021/05/27 10:46:33 [DEBUG] Fetching properties for VM \"/Datacenter/vm/CentOS7\"",
            "Fetching properties for VM \"/Datacenter/vm/CentOS7\"",
        ),
        // pos/b-033.txt: hclog in Nomad, an empty line.
        ("2018-08-14T12:37:55.662+1000 [DEBUG] plugin.nomad:", ""),
        // pos/a-161.txt: older hclog.
        (
            "2017/05/05 17:55:54 [DEBUG] plugin: terraform: goroutine 68 [running]:",
            "goroutine 68 [running]:",
        ),
        ("2017/05/05 17:55:54 [DEBUG] plugin: terraform: ", ""),
        // pos/a-163.txt: Packer's plugin log.
        (
            "2019/12/29 19:01:55 packer-post-processor-vagrant plugin: panic: interface conversion: interface {} is string, not uint64",
            "panic: interface conversion: interface {} is string, not uint64",
        ),
        (
            "2019/12/29 19:01:55 packer-post-processor-vagrant plugin: \t/build/packer/src/src/github.com/hashicorp/packer/post-processor/vagrant/libvirt.go:31 +0x929",
            "\t/build/packer/src/src/github.com/hashicorp/packer/post-processor/vagrant/libvirt.go:31 +0x929",
        ),
        // pos/a-068.txt: docker compose, and logrus text behind it.
        (
            "covenantsql_observer         | fatal error: fault",
            "fatal error: fault",
        ),
        ("covenantsql_observer         |", ""),
        (
            "covenantsql_observer         | \t/usr/local/go/src/runtime/panic.go:608 +0x72 fp=0xc0000508d8 sp=0xc0000508a8 pc=0x42e162",
            "\t/usr/local/go/src/runtime/panic.go:608 +0x72 fp=0xc0000508d8 sp=0xc0000508a8 pc=0x42e162",
        ),
        (
            "covenantsql_observer         | time=\"2018-12-23T07:35:53Z\" level=debug msg=\"PingBP resp: &proto.PingResp{Msg:\\\"Pong\\\"}\"",
            "PingBP resp: &proto.PingResp{Msg:\\\"Pong\\\"}",
        ),
        // pos/a-123.txt: journald; an empty record.
        (
            "Jan 30 18:13:54 xray ppnode[5479]: panic: proto: file \"config.proto\" is already registered",
            "panic: proto: file \"config.proto\" is already registered",
        ),
        ("Jan 30 18:13:54 xray ppnode[5479]:", ""),
        // pos/b-109.txt: lower-case month, bracketed host.
        (
            "jan 27 14:28:02 [hostname] litewitness-start[534]: SIGSEGV: segmentation violation",
            "SIGSEGV: segmentation violation",
        ),
        // pos/a-035.txt: an e-mail quote around journald.
        (
            "> Oct  4 19:31:29 shadow gogs[14427]: [Macaron] PANIC: runtime error: invalid memory address or nil pointer dereference",
            "[Macaron] PANIC: runtime error: invalid memory address or nil pointer dereference",
        ),
        // pos/a-050.txt: e-mail quote markers.
        (
            "> panic: runtime error: index out of range [1] with length 1",
            "panic: runtime error: index out of range [1] with length 1",
        ),
        (
            "> \t/hidden/hidden/hidden/oniongen-go/main.go:92 +0x153",
            "\t/hidden/hidden/hidden/oniongen-go/main.go:92 +0x153",
        ),
        (">", ""),
        // pos/a-085.txt: glog's complaint before its header.
        (
            "ERROR: logging before flag.Parse: E0616 15:48:21.267048   96961 runtime.go:69] Observed a panic: &runtime.TypeAssertionError{}",
            "Observed a panic: &runtime.TypeAssertionError{}",
        ),
        // pos/b-121.txt: a fence glued to a klog line.
        (
            "```E0613 21:05:48.051116       1 generic_controller.go:204] ReplicaSetController rook-ceph/rook-ceph-mon1 recovered from panic",
            "ReplicaSetController rook-ceph/rook-ceph-mon1 recovered from panic",
        ),
        // pos/a-101.txt, pos/a-152.txt: a backtick glued to Go's text.
        (
            "`fatal error: concurrent map iteration and map write",
            "fatal error: concurrent map iteration and map write",
        ),
        ("`main.main()", "main.main()"),
        // pos/a-110.txt, pos/a-205.txt: fences alone on their line.
        ("```", ""),
        ("```go", ""),
        // pos/a-205.txt: output pasted into Go comments.
        ("// panic: oh! B panicked", "panic: oh! B panicked"),
        ("// goroutine 5 [running]:", "goroutine 5 [running]:"),
        ("// ", ""),
        // pos/a-197.txt: a shell prompt glued to the output.
        (
            "$ fatal error: all goroutines are asleep - deadlock!",
            "fatal error: all goroutines are asleep - deadlock!",
        ),
        // pos/b-117.txt: capnslog.
        (
            "2025-06-27 18:56:52.314488 E | ceph-file-controller: Panic: runtime error: invalid memory address or nil pointer dereference",
            "Panic: runtime error: invalid memory address or nil pointer dereference",
        ),
        // pos/a-069.txt: logrus on a terminal.
        ("DEBU[0000] [ephemeral]: started", "[ephemeral]: started"),
        // pos/b-030.txt: zap's console encoder.
        (
            "2022-03-04T14:50:01.293+0800    ERROR   Middleware PANIC RECOVER",
            "Middleware PANIC RECOVER",
        ),
        // pos/b-018.txt: a leading space before the goroutine header.
        (" goroutine 199 [running]:", "goroutine 199 [running]:"),
        // pos/a-154.txt: a paste indented by four spaces.
        (
            "    panic: ./flanneld flag redefined: log_dir",
            "panic: ./flanneld flag redefined: log_dir",
        ),
        ("    panic(0x76e0c0, 0xc42000c800)", "panic(0x76e0c0, 0xc42000c800)"),
        (
            "    flag.(*FlagSet).Var(0xc42009e060, 0xbac9e0, 0xc42000c7a0, 0x80276f, 0x7, 0x81294b, 0x2f)",
            "flag.(*FlagSet).Var(0xc42009e060, 0xbac9e0, 0xc42000c7a0, 0x80276f, 0x7, 0x81294b, 0x2f)",
        ),
        // pos/a-137.txt: logrus text, a one-line msg stays escaped.
        (
            "time=\"2022-09-09T04:18:12Z\" level=error msg=\"Stack: goroutine 51 [running]:\\nruntime/debug.Stack()\"",
            "Stack: goroutine 51 [running]:\\nruntime/debug.Stack()",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(strip(input), want, "input {input:?}");
    }
}

/// Shapes of issue 16 that the dev set lacks, as their tools print
/// them.
#[test]
fn pipeline_prefixes_of_issue_16() {
    let cases = [
        // GitHub Actions.
        ("2023-01-01T10:00:00.1234567Z panic: boom", "panic: boom"),
        ("2023-01-01T10:00:00.1234567Z \tmain.go:3", "\tmain.go:3"),
        // kubectl logs --prefix.
        ("[pod/api-7d9f/app] panic: boom", "panic: boom"),
        ("[pod/api-7d9f/app] \t/src/main.go:3 +0x1d", "\t/src/main.go:3 +0x1d"),
        // docker compose v2.
        ("api-1  | goroutine 1 [running]:", "goroutine 1 [running]:"),
        // hclog continuation line of issue 16.
        (
            "2020-03-17T09:01:23.795Z [DEBUG] plugin.terraform-provider-x: \tmain.go:3",
            "\tmain.go:3",
        ),
        // Terraform 1.x names providers `provider.`.
        (
            "2023-06-01T10:00:00.000Z [ERROR] provider.terraform-provider-aws_v5.0.0_x5: panic: boom",
            "panic: boom",
        ),
        // journald units with dots, dashes, `@`, no pid; short-precise.
        ("Nov 24 18:12:42 web-1 k3s.service: panic: boom", "panic: boom"),
        ("Nov 24 18:12:42 web-1 user@1000.service: panic: boom", "panic: boom"),
        ("Nov 24 18:12:42.123456 web-1 api-gw[9]: panic: boom", "panic: boom"),
        // syslog after an ISO timestamp (RFC 5424, short-iso).
        ("2024-05-05T10:00:00+0000 web-1 api[812]: panic: boom", "panic: boom"),
        // klog: any level letter, thread id before or after the file.
        ("F0102 15:04:05.000000   12345 main.go:12] panic: boom", "panic: boom"),
        ("D0102 15:04:05.000000 main.go:12 12345] panic: boom", "panic: boom"),
        // logrus text.
        (
            "time=\"2024-01-01T00:00:00Z\" level=panic msg=\"panic: boom\"",
            "panic: boom",
        ),
        ("ERRO[0001] panic: boom", "panic: boom"),
        // CR and a literal ^M, a closing fence glued to the end.
        ("goroutine 1 [running]:^M", "goroutine 1 [running]:"),
        ("\t/a/main.go:8 +0x2c\r\r", "\t/a/main.go:8 +0x2c"),
        ("main.main()```", "main.main()"),
        // Nested quotes and layers.
        ("> > panic: boom", "panic: boom"),
        // Extra indentation before headers; a tab kept on file lines.
        ("\tfatal error: boom", "fatal error: boom"),
        ("  [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x1]", "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x1]"),
        ("    \t/a/main.go:8 +0x2c", "\t/a/main.go:8 +0x2c"),
        ("    \tpanic: nested", "\tpanic: nested"),
        ("    created by main.main in goroutine 1", "created by main.main in goroutine 1"),
        ("    ...additional frames elided...", "...additional frames elided..."),
    ];
    for (input, want) in cases {
        assert_eq!(strip(input), want, "input {input:?}");
    }
}

/// Go's own lines come through unchanged, whatever they start with.
#[test]
fn go_text_is_never_eaten() {
    for s in [
        "panic: runtime error: index out of range [5] with length 3",
        "panic: boom [recovered]",
        "\tpanic: nested",
        "fatal error: all goroutines are asleep - deadlock!",
        "WARNING: DATA RACE",
        "==================",
        "goroutine 1 [running]:",
        "goroutine 1 gp=0xc0000061c0 m=0 mp=0x553940 [running]:",
        "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x48f638]",
        "[signal 0xc0000005 code=0x0 addr=0xc pc=0xace03a]",
        "SIGSEGV: segmentation violation",
        "PC=0x76d066 m=4 sigcode=1 addr=0x3",
        "runtime: failed to create new OS thread (have 2 already; errno=22)",
        "runtime stack:",
        "main.main()",
        "panic({0x14af780?, 0xc0167469f0?})",
        "panic(0x78f820, 0xc82036c580)",
        "\t/usr/local/go/src/runtime/panic.go:464 +0x3e6",
        "\t<autogenerated>:1 +0x2f",
        "\t\tTestReplicaSync (1s)",
        "created by main.main in goroutine 1",
        "...additional frames elided...",
        "exit status 2",
        "rax    0x0",
        // Race reports indent with spaces.
        "Read at 0x00c00009c078 by goroutine 8:",
        "  main.(*Stats).Inc()",
        "      /build/gocorpus/src/data-race/main.go:12 +0xa4",
        "Goroutine 8 (running) created at:",
        "http: panic serving 127.0.0.1:50418: boom",
        "Observed a panic: \"x\" (runtime error: x)",
        "plugin.Open(\"x.so\")",
    ] {
        assert_eq!(strip(s), s);
    }
}

/// Look-alikes from the dev set's negatives (`neg/`) that stay what
/// they are: no wrapper is found in them, or what is stripped leaves
/// no Go header behind.
#[test]
fn negatives_keep_their_text() {
    let cases = [
        // neg/b-016.txt: journald goes, logrus' msg stays a message.
        (
            "Jun 28 18:37:39 k3s k3s[30703]: time=\"2019-06-28T18:37:39.014193136Z\" level=fatal msg=\"leaderelection lost for k3s\"",
            "leaderelection lost for k3s",
        ),
        // neg/b-015.txt: a level with no msg.
        (
            "time=\"0001-01-01T00:00:00Z\" level=panic recovered=OMG",
            "time=\"0001-01-01T00:00:00Z\" level=panic recovered=OMG",
        ),
        // Postgres, a compiler error, Rust, Zig, the kernel.
        (
            "2022-12-31 03:38:10.297 GMT [8440] PANIC:  could not write to file",
            "[8440] PANIC:  could not write to file",
        ),
        (
            "pkg/clips/callback.go:5:11: fatal error: clips/clips.h: No such file or directory",
            "pkg/clips/callback.go:5:11: fatal error: clips/clips.h: No such file or directory",
        ),
        (
            "thread 'main' panicked at src/main.rs:2:5:",
            "thread 'main' panicked at src/main.rs:2:5:",
        ),
        (
            "thread 318181 panic: index out of bounds: index 128, len 128",
            "thread 318181 panic: index out of bounds: index 128, len 128",
        ),
        (
            " Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b",
            " Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b",
        ),
        (
            "unable to read database error:dial tcp 127.0.0.1:3306: connect: connection refused #fatal",
            "unable to read database error:dial tcp 127.0.0.1:3306: connect: connection refused #fatal",
        ),
        // A markdown table row and a heading.
        ("| a | b |", "| a | b |"),
        ("### Panic Stack:", "### Panic Stack:"),
    ];
    for (input, want) in cases {
        assert_eq!(strip(input), want, "input {input:?}");
    }
}

/// Any bytes, cut anywhere: no panic, and the result is a suffix.
#[test]
fn never_panics_on_odd_input() {
    let samples = [
        "",
        " ",
        "\t",
        ">",
        "`",
        "``",
        "//",
        "$",
        "[pod/",
        "[pod/x",
        "plugin.",
        "plugin.:",
        "plugin: ",
        "x plugin:",
        "time=",
        "time=\"",
        "level=\"\\",
        "E1234 5",
        "E1234 5]",
        "Nov 24 18:12:42",
        "Nov 24 18:12:42 ",
        "Nov 24 18:12:42 h",
        "2024-01-01T",
        "[2024-01-01 00:",
        "2024-01-01T00:00:00Z web-1 a[1]:",
        "A | ",
        "svc |",
        "ERRO[",
        "ERRO[1",
        "^M",
        "\r",
        "é> ü",
        "\u{1F600}|",
        "时间 | 恐慌",
    ];
    for s in samples {
        for cut in 0..=s.len() {
            if let Some(p) = s.get(..cut) {
                let out = strip(p);
                assert!(p.ends_with(out) || p.contains(out), "{p:?} -> {out:?}");
            }
        }
    }
}

#[test]
fn leaves_lookalikes_alone() {
    for s in [
        "INFORMATION panic",
        "E12 short",
        "2026 was a year",
        "Nov 24",
        "fatal error: stack overflow",
        "WARNING: DATA RACE",
    ] {
        assert_eq!(strip(s), s);
    }
}

#[test]
fn logfmt_fields_split_quoted_values() {
    assert_eq!(
        logfmt_fields(r#"time="a b" level=error msg="x \"y\" z" n=1 trailing words"#),
        vec![
            ("time", r#""a b""#),
            ("level", "error"),
            ("msg", r#""x \"y\" z""#),
            ("n", "1")
        ]
    );
    assert_eq!(logfmt_fields(r#"msg="cut"#), vec![("msg", r#""cut"#)]);
    assert!(logfmt_fields("").is_empty());
}

#[test]
fn rule_table_is_consistent() {
    assert_eq!(RULES.get(LOGRUS).map(|r| r.name), Some("logrus"));
    assert!(RULES.len() <= 32, "CANDIDATES holds 32 rules");
}

/// [`is_bare_function_line`] never passes a wrapped line: every rule, with
/// a real prefix of its shape, in front of a frame's function line.
#[test]
fn a_wrapped_function_line_is_never_bare() {
    let prefixes = [
        "> ",
        "`",
        "ERROR: logging before flag.Parse: ",
        "$ ",
        " 13043 2024-08-09T01:45:13.2083163Z ",
        "2024-05-05T10:00:00.123456789Z stderr F ",
        "Nov 24 18:12:42 web-1 api[812]: ",
        "jan 27 14:28:02 [hostname] litewitness-start[534]: ",
        "E1124 18:16:15.975719   30479 runtime.go:79] ",
        "2023-01-01T10:00:00.1234567Z ",
        "[2026-11-24 18:12:42] ",
        "2025-06-27 18:56:52.314488 E | ceph-file-controller: ",
        "E | ceph: ",
        "[pod/api-7d9f/app] ",
        "api-1  | ",
        "time=\"2024-01-01T00:00:00Z\" level=error msg=",
        "ERROR ",
        "[error] ",
        "level=error ",
        "ERRO[0001] ",
        "2020-03-17T09:01:23.795Z [DEBUG] plugin.terraform-provider-x: ",
        "packer-post-processor-vagrant plugin: ",
        "plugin.nomad: ",
        "[12:00:01] ",
        "[C] [router.go:854] ",
        "E/GoLog( 1234): ",
        "E/Go: ",
        "12-01 12:31:35.108 22021 22154 E GoLog   : ",
        "  1234  1250 F Go: ",
        "31288-31302 Go   com.example.app  E  ",
    ];
    let function = "main.(*Server).handle(0xc000010000, {0x1, 0x2})";
    assert!(is_bare_function_line(function));
    let mut matched = [false; RULES.len()];
    for prefix in prefixes {
        let line = format!("{prefix}{function}");
        assert!(!is_bare_function_line(&line), "{line:?}");
        for (seen, rule) in matched.iter_mut().zip(RULES.iter()) {
            *seen |= (rule.strip)(&line).is_some_and(|rest| rest.len() < line.len());
        }
    }
    for (seen, rule) in matched.iter().zip(RULES.iter()) {
        assert!(seen, "no prefix of the {} rule here", rule.name);
    }
}

/// [`is_bare_file_line`] holds because no rule can start with a tab.
#[test]
fn no_rule_starts_with_a_tab() {
    assert_eq!(CANDIDATES.get(usize::from(b'\t')), Some(&0));
    let line = "\t/src/app/main.go:12 +0x1d";
    assert!(is_bare_file_line(line));
    assert_eq!(strip(line), line);
    assert!(!is_bare_file_line("\t/src/app/main.go:12 +0x1d^M"));
}
