//! What the page keeps in the browser between visits (the learner's digits, their missions), and
//! where a kept value that cannot be read goes: moved aside under a key of its own, never
//! overwritten, so nothing the learner made is lost.

/// The browser's local storage, when it offers one.
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The keys values were moved aside to (`aside`, then `aside.2`, `aside.3`…), oldest first.
pub fn moved_aside(storage: &web_sys::Storage, aside: &str) -> Vec<String> {
    let count = storage.length().unwrap_or(0);
    let mut numbered: Vec<(u32, String)> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|key| {
            let number = match key.strip_prefix(aside)? {
                "" => 1,
                rest => rest.strip_prefix('.')?.parse().ok()?,
            };
            Some((number, key))
        })
        .collect();
    numbered.sort();
    numbered.into_iter().map(|(_, key)| key).collect()
}

/// Moves `text`, kept under `key` and unreadable, to the first key after those in `unreadable`
/// (the keys moved aside before, which gains it) and takes it out of `key`. Returns the key it
/// went to, or nothing when the browser would not store it (it then stays under `key`).
pub fn move_aside(
    storage: &web_sys::Storage,
    key: &str,
    aside: &str,
    text: &str,
    unreadable: &mut Vec<String>,
) -> Option<String> {
    let free = (1..)
        .map(|n| match n {
            1 => aside.to_string(),
            n => format!("{aside}.{n}"),
        })
        .find(|candidate| !unreadable.contains(candidate))
        .expect("some key is free");
    storage.set_item(&free, text).ok()?;
    let _ = storage.remove_item(key);
    unreadable.push(free.clone());
    Some(free)
}
