//! Stable sorting for the short lists in a report (tens of items at most).
//!
//! Why not `slice::sort_by`: std's driftsort is compiled once per element type and comparator, about 4 KB of
//! wasm each, and the web build has a hard size budget. An insertion sort is a few hundred bytes and, for lists
//! this short, just as fast.

use std::cmp::Ordering;

/// Sorts `items` in place, keeping equal items in their original order.
pub fn sort_small_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && compare(&items[j - 1], &items[j]) == Ordering::Greater {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn agrees_with_the_standard_stable_sort(items in proptest::collection::vec((0u8..5, any::<u16>()), 0..40)) {
            let mut ours = items.clone();
            sort_small_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = items;
            std_sorted.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std_sorted);
        }
    }
}
