//! What each receiver gets of the videos in its call (#19): at most
//! `VIDEOS_SHOWN` of them (the latest speakers first), and of a simulcast
//! video the highest layer its bandwidth estimate carries (a lower one when
//! many videos share its screen). Layers go down at once and up slowly; a
//! switch waits for a keyframe of the new layer, and the time it carries is
//! shifted so that it runs on smoothly. Each receiver is told the quality of
//! every video it gets, and each sender whether its media still arrives.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use str0m::bwe::Bitrate;
use str0m::media::{MediaData, MediaKind, MediaTime, Mid, Rid};

use super::node::{Node, Propagated};
use super::peer::{rank, OutState, TrackOut};
use crate::model::meeting::{Quality, SignalOut, VIDEOS_SHOWN};

/// A layer not seen for this long is not offered to receivers.
const FRESH: Duration = Duration::from_secs(2);
/// A layer goes up no sooner than this after the last change.
const UP_AFTER: Duration = Duration::from_secs(4);
/// What one audio track takes of a receiver's bandwidth, in bit/s.
const AUDIO_BPS: u64 = 48_000;
/// A hidden speaker's video replaces a shown one when it spoke this much more recently.
const SWAP_AFTER: Duration = Duration::from_secs(2);
/// A publisher silent this long has lost its uplink.
const UPLINK_SILENCE: Duration = Duration::from_secs(3);

/// The time to forward `data` with to this receiver, or None if this frame
/// is not for it (another layer, or a video not shown now).
pub(super) fn forwarded_time(t: &mut TrackOut, data: &MediaData) -> Option<MediaTime> {
    if t.kind == MediaKind::Video && !t.shown {
        return None;
    }
    if let Some(rid) = data.rid {
        let switch = data.is_keyframe()
            && match (t.rid, t.target) {
                // The first keyframe of any layer starts the video.
                (None, None) => true,
                (None, Some(target)) => rid == target,
                (Some(current), Some(target)) => target != current && rid == target,
                (Some(_), None) => false,
            };
        if switch {
            // One frame (at 30 a second) after the last one forwarded.
            let step = data.time.frequency().get() as i64 / 30;
            t.offset = t.last_time.map_or(0, |last| last as i64 + step - data.time.numer() as i64);
            t.rid = Some(rid);
            t.target.get_or_insert(rid);
        }
        if t.rid != Some(rid) {
            return None;
        }
    }
    let numer = (data.time.numer() as i64 + t.offset).max(0) as u64;
    t.last_time = Some(numer);
    Some(MediaTime::new(numer, data.time.frequency()))
}

/// Whose videos a receiver gets: those it gets now, filled up to
/// `VIDEOS_SHOWN` with the latest speakers (then in the order they came). A
/// video that is not shown replaces the one whose speaker was quiet longest
/// only when its own speaker has spoken clearly more recently, so that the
/// videos do not flicker when several people talk.
fn shown_videos(p: &super::peer::Peer, speakers: &super::speaker::Speakers) -> HashSet<u64> {
    let mut origins: Vec<u64> = p.tracks_out.iter().filter(|t| t.kind == MediaKind::Video).map(|t| t.origin).collect();
    origins.sort_unstable();
    origins.dedup();
    let rank_of = |o: &u64| (Reverse(speakers.last_loud(*o)), *o);
    let mut shown: Vec<u64> = origins.iter().copied().filter(|o| p.tracks_out.iter().any(|t| t.origin == *o && t.kind == MediaKind::Video && t.shown)).collect();
    shown.sort_by_key(rank_of);
    shown.truncate(VIDEOS_SHOWN);
    let mut waiting: Vec<u64> = origins.iter().copied().filter(|o| !shown.contains(o)).collect();
    waiting.sort_by_key(rank_of);
    for candidate in waiting {
        if shown.len() < VIDEOS_SHOWN {
            shown.push(candidate);
            continue;
        }
        let Some(spoke) = speakers.last_loud(candidate) else { break };
        // The shown video whose speaker was quiet longest (never: the oldest).
        let Some((index, quietest)) = shown.iter().enumerate().min_by_key(|(_, o)| (speakers.last_loud(**o), Reverse(**o))) else { break };
        if speakers.last_loud(*quietest).is_none_or(|at| spoke.duration_since(at) > SWAP_AFTER) {
            shown[index] = candidate;
        } else {
            break;
        }
    }
    shown.into_iter().collect()
}

/// The highest layer worth sending to tiles `tile_px` device pixels wide:
/// the smallest at least four fifths as wide (a little upscaling does not
/// show), given every layer's width; else `otherwise`.
pub(super) fn tile_cap(tile_px: Option<u32>, widths: &[(Rid, Option<u16>)], otherwise: u8) -> u8 {
    let Some(px) = tile_px else { return otherwise };
    let known: Option<Vec<(Rid, u16)>> = widths.iter().map(|(rid, w)| w.map(|w| (*rid, w))).collect();
    match known {
        Some(mut known) if !known.is_empty() => {
            known.sort_by_key(|(rid, _)| rank(*rid));
            known.iter().find(|(_, w)| u32::from(*w) * 5 / 4 >= px).map_or(2, |(rid, _)| rank(*rid))
        }
        _ => otherwise,
    }
}

/// Measures the layers that arrive, then chooses for every receiver.
pub(super) fn choose(node: &mut Node, elapsed: Duration, now: Instant) {
    let secs = elapsed.as_secs_f64().max(0.001);
    let mut layers: HashMap<(u64, Mid), Vec<(Rid, u64)>> = HashMap::new();
    let mut widths: HashMap<(u64, Mid), Vec<(Rid, Option<u16>)>> = HashMap::new();
    for (id, p) in node.peers.iter_mut() {
        for track in &mut p.tracks_in {
            for layer in &mut track.layers {
                layer.bps = (layer.bytes as f64 * 8.0 / secs) as u64;
                layer.bytes = 0;
            }
            let fresh: Vec<(Rid, u64)> = track.layers.iter().filter(|l| now.duration_since(l.seen) < FRESH).map(|l| (l.rid, l.bps)).collect();
            layers.insert((*id, track.mid), fresh);
            widths.insert((*id, track.mid), track.layers.iter().map(|l| (l.rid, l.width)).collect());
        }
    }
    let names: HashMap<u64, String> = node.peers.iter().map(|(id, p)| (*id, p.peer.clone())).collect();
    let screens: HashSet<u64> = node.peers.iter().filter(|(_, p)| p.screen).map(|(id, _)| *id).collect();
    let ids: Vec<u64> = node.peers.keys().copied().collect();
    for id in ids {
        let Some(p) = node.peers.get_mut(&id) else { continue };
        let shown = shown_videos(p, &node.speakers);
        let videos = shown.len().max(1) as u64;
        // Small tiles need no full resolution: with more than four videos,
        // no more than the middle layer, unless the browser said how wide it
        // shows them (below).
        let count_cap = if videos > 4 { 1 } else { 2 };
        let tile_px = p.tile_px;
        let audio = p.tracks_out.iter().filter(|t| t.kind == MediaKind::Audio && matches!(t.state, OutState::Open(_))).count() as u64;
        let budget = p.estimate.map_or(u64::MAX / 4, |e| e.saturating_sub(audio * AUDIO_BPS) * 9 / 10);
        let per_video = budget / videos;
        let (mut minimum, mut desired) = (0u64, 0u64);
        for t in p.tracks_out.iter_mut().filter(|t| t.kind == MediaKind::Video && matches!(t.state, OutState::Open(_))) {
            let was_shown = t.shown;
            t.shown = shown.contains(&t.origin);
            let quality = if !t.shown {
                Quality::Paused
            } else {
                match layers.get(&(t.origin, t.origin_mid)).filter(|l| !l.is_empty()) {
                    None => Quality::Good,
                    Some(available) => {
                        // A shared screen is for reading: whole, as far as the bandwidth goes.
                        let cap = if screens.contains(&t.origin) {
                            2
                        } else {
                            widths.get(&(t.origin, t.origin_mid)).map_or(count_cap, |w| tile_cap(tile_px, w, count_cap))
                        };
                        let allowed: Vec<(Rid, u64)> = match available.iter().copied().filter(|(r, _)| rank(*r) <= cap).collect::<Vec<_>>() {
                            none if none.is_empty() => vec![available[0]],
                            some => some,
                        };
                        let mut pick = allowed[0];
                        for layer in &allowed {
                            if layer.1 <= per_video {
                                pick = *layer;
                            }
                        }
                        // Up only after a while at the layer it has.
                        if let Some(current) = t.target.and_then(|r| allowed.iter().find(|(a, _)| *a == r)) {
                            if rank(pick.0) > rank(current.0) && t.changed.is_some_and(|at| now.duration_since(at) < UP_AFTER) {
                                pick = *current;
                            }
                        }
                        if t.target != Some(pick.0) {
                            t.target = Some(pick.0);
                            t.changed = Some(now);
                            node.queue.push_back(Propagated::Keyframe { origin: t.origin, mid: t.origin_mid, rid: Some(pick.0) });
                        }
                        // Padding up to the next layer lets the estimate grow toward it.
                        let next = allowed.iter().find(|l| rank(l.0) > rank(pick.0)).unwrap_or(&pick);
                        minimum += next.1;
                        desired += allowed.last().map_or(0, |l| l.1);
                        // Judged against what the tiles can show: small tiles at
                        // the layer that fits them are good, not poor.
                        let best = allowed.last().map(|l| l.0);
                        if allowed.len() == 1 || Some(pick.0) == best {
                            Quality::Good
                        } else if pick.0 == allowed[0].0 {
                            Quality::Poor
                        } else {
                            Quality::Fair
                        }
                    }
                }
            };
            if t.shown && !was_shown {
                node.queue.push_back(Propagated::Keyframe { origin: t.origin, mid: t.origin_mid, rid: t.target });
            }
            if t.told != Some(quality) {
                t.told = Some(quality);
                if let Some(name) = names.get(&t.origin) {
                    let _ = p.mailbox.try_send(SignalOut::Quality { id: name.clone(), quality });
                }
            }
        }
        // The estimator probes toward what the best layers would take, with room to spare.
        if desired > 0 {
            p.rtc.bwe().set_bitrate(Bitrate::bps(minimum.min(desired)), Bitrate::bps(desired * 3 / 2));
        }
        // A sender whose media stopped arriving is told, and told again when it is back.
        if p.publishes && p.connected && !p.tracks_in.is_empty() {
            let newest = p.tracks_in.iter().filter_map(|t| t.last_media).max();
            let silent = newest.map_or(now.duration_since(p.joined) > UPLINK_SILENCE * 3, |at| now.duration_since(at) > UPLINK_SILENCE);
            if silent == p.uplink_ok {
                p.uplink_ok = !silent;
                let _ = p.mailbox.try_send(SignalOut::Uplink { ok: !silent });
            }
        }
        node.drive(id);
    }
}

#[cfg(test)]
mod tests {
    use super::super::peer::vp8_width;
    use super::*;

    #[test]
    fn the_smallest_layer_about_as_wide_as_the_tiles_is_enough() {
        let widths = |w: [Option<u16>; 3]| -> Vec<(Rid, Option<u16>)> { ["l", "m", "h"].iter().zip(w).map(|(r, w)| (Rid::from(*r), w)).collect() };
        let known = widths([Some(160), Some(320), Some(640)]);
        assert_eq!(tile_cap(Some(150), &known, 2), 0);
        assert_eq!(tile_cap(Some(200), &known, 2), 0, "a fifth of upscaling does not show");
        assert_eq!(tile_cap(Some(201), &known, 2), 1);
        assert_eq!(tile_cap(Some(370), &known, 2), 1);
        assert_eq!(tile_cap(Some(600), &known, 1), 2, "the browser's width counts over the number of videos");
        assert_eq!(tile_cap(Some(5000), &known, 2), 2);
        assert_eq!(tile_cap(None, &known, 1), 1, "not told: by the number of videos");
        assert_eq!(tile_cap(Some(150), &widths([Some(160), None, Some(640)]), 1), 1, "a layer not yet seen in a keyframe: by the number");
    }

    #[test]
    fn a_vp8_keyframe_says_its_width() {
        let mut key = vec![0x10, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01, 0];
        assert_eq!(vp8_width(&key), Some(640));
        key[7] |= 0x40; // the two scaling bits are not the width
        assert_eq!(vp8_width(&key), Some(640));
        key[0] = 0x11;
        assert_eq!(vp8_width(&key), None, "a delta frame has no size");
        assert_eq!(vp8_width(&[0x10, 0, 0, 0x9d]), None);
    }
}
