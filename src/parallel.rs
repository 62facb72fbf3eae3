//! Two pieces of work at once, when they are large enough to be worth a second thread.
//!
//! A national campaign's build has two long pieces that need nothing of each other: reading
//! the snapshots beside campaign.yaml, and writing the PDF beside the other formats. On two
//! cores each pair takes about the time of its longer half (3,000 units: 268 → 241 ms). A
//! thread has its costs — its own allocator arena and stack, about 1 MiB of peak memory for
//! the sample — so small work runs in turn, on this thread.

/// `a` and `b`, `a` on a thread of its own while `b` runs here when `apart`, else `a` then
/// `b` here. A panic in `a` goes on in this thread, as if `a` had run here.
pub fn join<A: Send, B>(
    apart: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B,
) -> (A, B) {
    if !apart {
        let a = a();
        return (a, b());
    }
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        let a = a
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    })
}

#[cfg(test)]
mod tests {
    use super::join;

    #[test]
    fn both_halves_come_back_in_their_places_apart_or_in_turn() {
        for apart in [false, true] {
            let (a, b) = join(apart, || (1..=10).sum::<u32>(), || "b".repeat(3));
            assert_eq!((a, b.as_str()), (55, "bbb"));
        }
    }

    #[test]
    fn a_panic_on_the_other_thread_goes_on_here() {
        let caught = std::panic::catch_unwind(|| join(true, || panic!("a"), || 2));
        assert!(caught.is_err());
    }
}
