//! The tariff's room limit (S7, #13): the rooms column shows at most that
//! many rooms, in the administrator's order; lowering it hides the rest
//! without deleting them, and no room is created beyond it. Its own test
//! binary: the limit is read from the process's `ROOM_LIMIT`.

#![cfg(feature = "server")]

mod common;

use chats::model::problem::Problem;
use chats::model::room::RoomKind;
use chats::model::settings::NewRoom;
use chats::server::admin::room_settings;
use chats::server::chats::rooms::visible_rooms;
use chats::server::startup::open_state;
use common::{problem, signed_in};

#[tokio::test]
async fn the_rooms_column_shows_at_most_the_tariffs_rooms_and_lowering_it_hides_without_deleting() {
    let state = open_state("mem://", true).await.unwrap();
    let admin = signed_in(&state, "admin").await;
    let all = room_settings::all_rooms(&state, &admin).await.unwrap();
    assert!(all.len() > 2, "the demo has more than two rooms");
    let shown = |rooms: Vec<chats::model::room::Room>| rooms.into_iter().map(|r| r.id).collect::<Vec<_>>();
    let granted = |limit: usize| all.iter().take(limit).filter(|r| admin.rooms.contains(&r.id)).map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_eq!(shown(visible_rooms(&state, &admin).await.unwrap()), granted(20));

    // The limit is lowered below the rooms there are.
    std::env::set_var("ROOM_LIMIT", "2");
    assert_eq!(room_settings::tariff(&admin).unwrap(), 2);
    assert!(!granted(2).is_empty());
    assert_eq!(shown(visible_rooms(&state, &admin).await.unwrap()), granted(2), "within the first two, in the administrator's order");
    assert_eq!(room_settings::all_rooms(&state, &admin).await.unwrap().len(), all.len(), "nothing deleted; settings still list them");
    let refused = room_settings::create_room(&state, &admin, NewRoom { name: "Ещё одна".into(), kind: RoomKind::Client, max_wait_secs: 60 }).await;
    assert_eq!(problem(refused), Some(Problem::RoomLimit { max: 2 }));
    let anna = signed_in(&state, "anna").await;
    assert_eq!(problem(room_settings::tariff(&anna)), Some(Problem::Forbidden));

    // Raised again: the rooms come back.
    std::env::set_var("ROOM_LIMIT", "20");
    assert_eq!(shown(visible_rooms(&state, &admin).await.unwrap()), granted(20));
}
