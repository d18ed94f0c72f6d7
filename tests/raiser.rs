//! `Incident::raiser`, which the catalog's `raised_in` condition reads: the
//! function that raised the crash, on real Go output.

mod common;

/// The raiser of the first incident of a fixture.
fn raiser(fixture: &str) -> Option<String> {
    let text = common::read(fixture);
    let incidents = panicsig::scan(&text);
    let first = incidents.first()?;
    first.raiser().map(|f| f.function.clone())
}

#[test]
fn a_panic_is_raised_by_the_function_that_called_panic() {
    // Go 1.27 prints no `panic(` frame above it.
    assert_eq!(
        raiser("gen/go1.27/regexp-mustcompile.txt").as_deref(),
        Some("regexp.MustCompile")
    );
    assert_eq!(
        raiser("gen/go1.27/strings-repeat-negative.txt").as_deref(),
        Some("strings.Repeat")
    );
}

#[test]
fn a_repanic_is_raised_where_the_first_panic_was() {
    // The deferred function that panicked again sits above the first
    // `panic(` frame; the value was raised below it.
    assert_eq!(
        raiser("gen/go1.23/repanic-recovered.txt").as_deref(),
        Some("main.loadUser")
    );
}

#[test]
fn a_fatal_error_is_raised_below_the_throw_helpers() {
    assert_eq!(
        raiser("gen/go1.27/unlock-unlocked-rwmutex.txt").as_deref(),
        Some("sync.(*RWMutex).Unlock")
    );
    // The map write was inlined into the caller.
    assert_eq!(
        raiser("gen/go1.27/concurrent-map-writes.txt").as_deref(),
        Some("main.(*Cache).Set")
    );
}

#[test]
fn a_throw_on_the_system_stack_is_raised_in_the_runtime_stack() {
    // `runtime stack:` holds runtime.throw, runtime.newstack; the
    // goroutine below it only recursed.
    assert_eq!(
        raiser("gen/go1.19/stack-overflow-recursion.txt").as_deref(),
        Some("runtime.newstack")
    );
}
