//! The global allocator the package's `.wasm` uses (`src/lib.rs`), under a long mixed run: blocks
//! of every size and alignment allocated, grown, shrunk and freed in a scrambled order, each
//! filled with its own pattern and checked before it goes. An allocator that hands out a block
//! still in use, or loses a merge, corrupts a pattern or fails an alignment here.

use wasm_bindgen_test::*;

/// A block and the byte it is filled with.
struct Block {
    bytes: Vec<u8>,
    fill: u8,
}

/// A block aligned beyond the allocator's own unit (8 bytes on wasm32).
#[repr(align(64))]
struct Wide([u64; 5]);

impl Block {
    fn intact(&self) -> bool {
        self.bytes.iter().all(|&b| b == self.fill)
    }
}

#[wasm_bindgen_test]
fn blocks_stay_intact_through_a_long_mixed_run() {
    // A small linear congruential generator: the same run every time.
    let mut seed: u32 = 0x2545_f491;
    let mut next = move |bound: u32| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (seed >> 8) % bound
    };
    let mut live: Vec<Block> = Vec::new();
    let mut aligned: Vec<Box<Wide>> = Vec::new();
    for step in 0..60_000u32 {
        let fill = (step % 251) as u8;
        match next(8) {
            0..=2 => {
                // Mostly small blocks, now and then a large one (a body, a batch).
                let size = if next(50) == 0 {
                    next(200_000)
                } else {
                    next(300)
                } as usize;
                live.push(Block {
                    bytes: vec![fill; size],
                    fill,
                });
            }
            3 | 4 if !live.is_empty() => {
                let block = live.swap_remove(next(live.len() as u32) as usize);
                assert!(block.intact(), "a freed block was overwritten while in use");
            }
            5 if !live.is_empty() => {
                // Grow or shrink in place or by moving: the contents must follow.
                let i = next(live.len() as u32) as usize;
                let block = &mut live[i];
                assert!(
                    block.intact(),
                    "a block was overwritten before it was resized"
                );
                let size = next(2_000) as usize;
                block.bytes.resize(size, block.fill);
                if next(2) == 0 {
                    block.bytes.shrink_to_fit();
                }
            }
            6 => aligned.push(Box::new(Wide([u64::from(step); 5]))),
            _ if !aligned.is_empty() => {
                let b = aligned.swap_remove(next(aligned.len() as u32) as usize);
                assert_eq!(
                    &*b as *const Wide as usize % 64,
                    0,
                    "a block is not aligned"
                );
                assert!(
                    b.0.iter().all(|&v| v == b.0[0]),
                    "an aligned block was overwritten"
                );
            }
            _ => {}
        }
    }
    assert!(live.iter().all(Block::intact), "a block was overwritten");
    assert!(
        !live.is_empty() && !aligned.is_empty(),
        "the run kept blocks alive"
    );
}
