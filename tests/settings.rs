//! The settings services: administrators only, clear refusals, and rights
//! changes reaching open workspaces at once.

#![cfg(feature = "server")]

mod common;

use common::problem;
use chats::model::problem::{Problem, Thing};
use chats::model::live::LiveEvent;
use chats::model::room::RoomKind;
use chats::model::settings::{AuditAction, NewRoom};
use chats::server::people::auth;
use chats::server::chats::summary::visible_chats;
use chats::server::live::{decode, Audience};
use chats::server::chats::rooms::visible_rooms;
use chats::server::admin::groups::{self, Grant};
use chats::server::admin::room_settings;
use chats::server::startup::open_state;

fn room(name: &str) -> NewRoom {
    NewRoom { name: name.into(), kind: RoomKind::Client, max_wait_secs: 120 }
}

#[tokio::test]
async fn only_administrators_change_settings() {
    let state = open_state("mem://", true).await.unwrap();
    let anna = auth::actor_for_session(&state, &auth::login(&state, "anna@demo.local", "demo1234").await.unwrap()).await.unwrap();
    assert_eq!(problem(groups::groups(&state, &anna).await), Some(Problem::Forbidden));
    assert_eq!(problem(room_settings::create_room(&state, &anna, room("Моя")).await), Some(Problem::Forbidden));
    assert_eq!(problem(groups::set_grants(&state, &anna, "operators", Grant::Rooms, &[]).await), Some(Problem::Forbidden));
    assert_eq!(groups::groups(&state, &auth::actor_for_session(&state, &auth::login(&state, "admin@demo.local", "demo1234").await.unwrap()).await.unwrap()).await.unwrap().len(), 4);
}

#[tokio::test]
async fn rooms_are_validated_and_limited_by_the_tariff() {
    let state = open_state("mem://", true).await.unwrap();
    let admin = auth::actor_for_session(&state, &auth::login(&state, "admin@demo.local", "demo1234").await.unwrap()).await.unwrap();
    assert_eq!(problem(room_settings::create_room(&state, &admin, room("  ")).await), Some(Problem::RoomNameMissing));
    assert_eq!(problem(room_settings::create_room(&state, &admin, room("поддержка")).await), Some(Problem::DuplicateName { thing: Thing::Room }));
    let mut slow = room("Медленная");
    slow.max_wait_secs = 1;
    assert_eq!(problem(room_settings::create_room(&state, &admin, slow).await), Some(Problem::BadMaxWait));
    let created = room_settings::create_room(&state, &admin, room("Новая комната")).await.unwrap();
    // A client room gets its widget at once.
    assert_eq!(chats::server::people::visitors::widget_room(&state, &created.id).await.unwrap().name, "Новая комната");
    for i in room_settings::all_rooms(&state, &admin).await.unwrap().len()..room_settings::room_limit() {
        room_settings::create_room(&state, &admin, room(&format!("Комната {i}"))).await.unwrap();
    }
    let over = room_settings::create_room(&state, &admin, room("Лишняя")).await;
    assert_eq!(problem(over), Some(Problem::RoomLimit { max: room_settings::room_limit() }), "the room limit refuses one more");
    assert_eq!(problem(groups::set_grants(&state, &admin, "operators", Grant::Rooms, &["nosuchroom".into()]).await), Some(Problem::NotFound { thing: Thing::Room }));
}

#[tokio::test]
async fn taking_a_room_from_a_group_reaches_open_workspaces_at_once() {
    let state = open_state("mem://", true).await.unwrap();
    let admin = auth::actor_for_session(&state, &auth::login(&state, "admin@demo.local", "demo1234").await.unwrap()).await.unwrap();
    let token = auth::login(&state, "boris@demo.local", "demo1234").await.unwrap();
    let boris = auth::actor_for_session(&state, &token).await.unwrap();
    let (_id, mut events) = state.hub.register(Audience::Employee { actor: boris, session_hash: auth::token_hash(&token) });

    groups::set_grants(&state, &admin, "operators", Grant::Rooms, &["sales".into(), "staff".into()]).await.unwrap();
    let refreshed = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        loop {
            if decode(&events.recv().await.unwrap()) == Some(LiveEvent::Refresh) {
                return;
            }
        }
    })
    .await;
    assert!(refreshed.is_ok(), "the open workspace was told to reload");
    let boris = auth::actor_for_session(&state, &token).await.unwrap();
    let rooms: Vec<String> = visible_rooms(&state, &boris).await.unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(rooms, vec!["sales", "staff"]);
    assert!(visible_chats(&state, &boris).await.unwrap().iter().all(|r| r.chat.room != "support"));
}

#[tokio::test]
async fn employees_are_created_checked_disabled_and_their_sessions_end() {
    use chats::model::settings::NewEmployee;
    use chats::server::people::staff;
    let state = open_state("mem://", true).await.unwrap();
    let admin = auth::actor_for_session(&state, &auth::login(&state, "admin@demo.local", "demo1234").await.unwrap()).await.unwrap();
    let new = |email: &str, password: &str| NewEmployee { name: "Галина".into(), email: email.into(), password: password.into() };
    assert_eq!(problem(staff::create(&state, &admin, new("not-an-email", "longenough")).await), Some(Problem::BadEmail));
    assert_eq!(problem(staff::create(&state, &admin, new("g@demo.local", "short")).await), Some(Problem::PasswordTooShort { min: 8 }));
    assert_eq!(problem(staff::create(&state, &admin, new("Boris@demo.local", "longenough")).await), Some(Problem::EmployeeEmailTaken));
    let galina = staff::create(&state, &admin, new("g@demo.local", "longenough")).await.unwrap();
    staff::set_groups(&state, &admin, &galina.id, &["sales".into()]).await.unwrap();
    let token = auth::login(&state, "g@demo.local", "longenough").await.unwrap();
    let actor = auth::actor_for_session(&state, &token).await.unwrap();
    assert!(actor.rooms.contains("sales") && !actor.rooms.contains("support"));

    // Disabling: the session dies, the open socket closes, sign-in is refused.
    let (_id, mut events) = state.hub.register(Audience::Employee { actor, session_hash: auth::token_hash(&token) });
    staff::set_disabled(&state, &admin, &galina.id, true).await.unwrap();
    let closed = tokio::time::timeout(std::time::Duration::from_secs(1), async { while events.recv().await.is_some() {} }).await;
    assert!(closed.is_ok(), "the live socket closed within a second");
    assert_eq!(problem(auth::actor_for_session(&state, &token).await), Some(Problem::SignInRequired));
    assert_eq!(problem(auth::login(&state, "g@demo.local", "longenough").await), Some(Problem::WrongCredentials));

    // A new password ends sessions too, and the old one stops working.
    staff::set_disabled(&state, &admin, &galina.id, false).await.unwrap();
    let token = auth::login(&state, "g@demo.local", "longenough").await.unwrap();
    staff::set_password(&state, &admin, &galina.id, "another-secret").await.unwrap();
    assert_eq!(problem(auth::actor_for_session(&state, &token).await), Some(Problem::SignInRequired));
    auth::login(&state, "g@demo.local", "another-secret").await.unwrap();
}

#[tokio::test]
async fn the_last_administrator_stays() {
    use chats::server::people::staff;
    let state = open_state("mem://", true).await.unwrap();
    let admin = auth::actor_for_session(&state, &auth::login(&state, "admin@demo.local", "demo1234").await.unwrap()).await.unwrap();
    assert_eq!(problem(staff::set_disabled(&state, &admin, "admin", true).await), Some(Problem::LastAdminDisabled));
    assert_eq!(problem(staff::set_groups(&state, &admin, "admin", &["operators".into()]).await), Some(Problem::LastAdmin));
    // With a second administrator, the first may go.
    staff::set_groups(&state, &admin, "anna", &["operators".into(), "admins".into()]).await.unwrap();
    staff::set_disabled(&state, &admin, "admin", true).await.unwrap();
    assert_eq!(problem(staff::set_groups(&state, &admin, "nobody", &[]).await), Some(Problem::NotFound { thing: Thing::Employee }));
}

#[tokio::test]
async fn groups_are_created_and_their_rights_checked() {
    let state = open_state("mem://", true).await.unwrap();
    let admin = auth::actor_for_session(&state, &auth::login(&state, "admin@demo.local", "demo1234").await.unwrap()).await.unwrap();
    assert_eq!(problem(groups::create_group(&state, &admin, " ").await), Some(Problem::EntryNameMissing));
    assert_eq!(problem(groups::create_group(&state, &admin, "операторы").await), Some(Problem::DuplicateName { thing: Thing::Group }));
    let night = groups::create_group(&state, &admin, "Ночная смена").await.unwrap();
    assert_eq!(problem(groups::set_group_rights(&state, &admin, &night.id, &["fly".into()]).await), Some(Problem::UnknownRight { right: "fly".into() }));
    assert_eq!(problem(groups::set_group_rights(&state, &admin, "nosuchgroup", &[]).await), Some(Problem::NotFound { thing: Thing::Group }));
    // The only administrators are in «admins»: taking the right from it is refused.
    assert_eq!(problem(groups::set_group_rights(&state, &admin, "admins", &[]).await), Some(Problem::LastAdmin));

    // Granting «chats.delete» to operators takes effect for Boris at once.
    let token = auth::login(&state, "boris@demo.local", "demo1234").await.unwrap();
    assert!(!auth::actor_for_session(&state, &token).await.unwrap().has("chats.delete"));
    groups::set_group_rights(&state, &admin, "operators", &["chats.delete".into()]).await.unwrap();
    assert!(auth::actor_for_session(&state, &token).await.unwrap().has("chats.delete"));
}

#[tokio::test]
async fn every_settings_change_is_audited_with_old_and_new() {
    use chats::server::{admin::audit, people::staff};
    let state = open_state("mem://", true).await.unwrap();
    let admin = auth::actor_for_session(&state, &auth::login(&state, "admin@demo.local", "demo1234").await.unwrap()).await.unwrap();
    let anna = auth::actor_for_session(&state, &auth::login(&state, "anna@demo.local", "demo1234").await.unwrap()).await.unwrap();
    groups::set_grants(&state, &admin, "sales", Grant::Rooms, &["sales".into()]).await.unwrap();
    room_settings::create_room(&state, &admin, room("Аудит")).await.unwrap();
    staff::set_password(&state, &admin, "vera", "a-new-secret").await.unwrap();
    let log = audit::recent(&state, &admin, 10).await.unwrap();
    assert_eq!(log.len(), 3);
    assert_eq!(log[0].action, AuditAction::PasswordChanged.as_code(), "stored as a code; the UI words it");
    assert!(log[0].new.is_none() && log[0].old.is_none(), "passwords are never logged");
    assert_eq!(log[1].action, AuditAction::RoomCreated.as_code());
    let rooms_change = &log[2];
    assert_eq!((rooms_change.action.as_str(), rooms_change.object.as_str()), (AuditAction::GroupRooms.as_code(), "sales"));
    assert_eq!(rooms_change.old.as_deref(), Some(r#"["sales","staff"]"#));
    assert_eq!(rooms_change.new.as_deref(), Some(r#"["sales"]"#));
    assert_eq!(log[2].actor_name, "Администратор");
    assert_eq!(problem(audit::recent(&state, &anna, 10).await), Some(Problem::Forbidden));
    // A refused change writes nothing.
    let _ = room_settings::create_room(&state, &admin, room("аудит")).await;
    assert_eq!(audit::recent(&state, &admin, 10).await.unwrap().len(), 3);
}

#[tokio::test]
async fn the_first_run_creates_one_administrator_and_then_closes() {
    use chats::model::settings::NewEmployee;
    use chats::server::admin::setup;
    let state = open_state("mem://", false).await.unwrap();
    assert!(setup::needed(&state).await.unwrap());
    let first = NewEmployee { name: "Ольга".into(), email: "olga@example.com".into(), password: "first-admin".into() };
    // Only with the one-time token the server logged at start.
    let setup_token = state.setup_token.to_string();
    for wrong in ["", "0000", &"a".repeat(64)] {
        assert_eq!(problem(setup::first_admin(&state, wrong, first.clone()).await), Some(Problem::SetupTokenWrong), "{wrong:?}");
    }
    assert!(setup::needed(&state).await.unwrap(), "a refused attempt creates nobody");
    assert_eq!(problem(setup::first_admin(&state, &setup_token, NewEmployee { password: "short".into(), ..first.clone() }).await), Some(Problem::PasswordTooShort { min: 8 }));
    let token = setup::first_admin(&state, &setup_token, first.clone()).await.unwrap();
    let olga = auth::actor_for_session(&state, &token).await.unwrap();
    assert!(olga.has("admin"));
    assert!(!setup::needed(&state).await.unwrap());
    let again = NewEmployee { email: "intruder@example.com".into(), ..first };
    assert_eq!(problem(setup::first_admin(&state, &setup_token, again).await), Some(Problem::Forbidden));
    // A fresh installation has the default statuses, so visitors' chats open.
    let room = room_settings::create_room(&state, &olga, room("Сайт")).await.unwrap();
    let visitor = chats::server::people::visitors::start(&state, &room.id, "Гость").await.unwrap();
    chats::server::people::visitors::send(&state, &visitor.token, "first-run-1", "Здравствуйте").await.unwrap();
}

#[test]
fn the_demo_has_its_known_password_only_on_loopback() {
    use chats::server::admin::demo::{password_for, DEMO_PASSWORD};
    for ip in [None, Some("127.0.0.1"), Some("::1"), Some("localhost")] {
        assert_eq!(password_for(ip), (DEMO_PASSWORD.to_string(), false), "{ip:?}");
    }
    for ip in ["0.0.0.0", "192.168.1.5", "::"] {
        let (password, made_up) = password_for(Some(ip));
        assert!(made_up && password != DEMO_PASSWORD && password.len() == 16, "{ip}");
    }
    assert_ne!(password_for(Some("0.0.0.0")).0, password_for(Some("0.0.0.0")).0);
}

#[test]
fn the_cookie_is_secure_unless_the_server_is_on_loopback() {
    use chats::server::people::auth::secure_for;
    assert!(!secure_for(None, None) && !secure_for(None, Some("127.0.0.1")) && !secure_for(None, Some("::1")));
    assert!(secure_for(None, Some("0.0.0.0")) && secure_for(None, Some("192.168.1.5")));
    assert!(secure_for(Some("1"), Some("127.0.0.1")) && !secure_for(Some("0"), Some("0.0.0.0")));
}

#[test]
fn the_caller_is_read_from_the_right_of_x_forwarded_for() {
    use chats::http::client_address;
    let socket = Some("10.0.0.9".parse().unwrap());
    let ip = |s: &str| Some(s.parse().unwrap());
    assert_eq!(client_address(socket, Some("1.2.3.4"), 0), socket, "no proxy: the header is the client's own words");
    assert_eq!(client_address(socket, Some("6.6.6.6, 1.2.3.4"), 1), ip("1.2.3.4"), "a spoofed first hop is ignored");
    assert_eq!(client_address(socket, Some("6.6.6.6, 1.2.3.4, 10.0.0.2"), 2), ip("1.2.3.4"));
    assert_eq!(client_address(socket, Some("1.2.3.4"), 2), socket, "fewer entries than proxies");
    assert_eq!(client_address(socket, Some("junk"), 1), socket);
    assert_eq!(client_address(socket, None, 1), socket);
}
