//! Directories (statuses, topics, custom fields), room settings, sources and
//! groups' rename/delete: clear refusals, nothing half-saved, entries in use
//! deleted only with a replacement.

#![cfg(feature = "server")]

mod common;

use common::{signed_in, problem};
use base64::Engine as _;
use chats::model::problem::{Problem, Thing};
use chats::model::directory::{CustomField, FieldKind, FieldOwner, Status, Topic};
use chats::model::room::RoomKind;
use chats::model::settings::{EmailSource, RoomEdit};
use chats::server::admin::directory::{fields, statuses, topics};
use chats::server::error::ServiceError;
use chats::server::startup::open_state;
use chats::server::state::AppState;
use chats::server::{admin::groups, admin::room_settings, admin::sources, people::staff};

fn bad(result: Result<impl std::fmt::Debug, ServiceError>, expected: Problem) {
    match result {
        Err(ServiceError::Refused(found)) => assert_eq!(found, expected),
        other => panic!("expected the refusal {expected:?}, got {other:?}"),
    }
}

async fn chat_field(state: &AppState, chat: &str, field: &str) -> serde_json::Value {
    let sql = "SELECT * FROM type::record('chat', $chat)";
    let rows: Vec<serde_json::Value> = state.db.query(sql).bind(("chat", chat.to_string())).await.unwrap().take(0).unwrap();
    rows[0].get(field).cloned().unwrap_or(serde_json::Value::Null)
}

#[tokio::test]
async fn statuses_keep_one_default_and_move_chats_on_delete() {
    let state = open_state("mem://", true).await.unwrap();
    let admin = signed_in(&state, "admin").await;
    let anna = signed_in(&state, "anna").await;
    assert_eq!(problem(statuses::list(&state, &anna).await), Some(Problem::Forbidden));

    let all = statuses::list(&state, &admin).await.unwrap();
    assert_eq!(all.iter().filter(|s| s.is_default).count(), 1);
    bad(statuses::save(&state, &admin, Status { name: "Активный".into(), color: "#000000".into(), ..Default::default() }).await, Problem::DuplicateName { thing: Thing::Status });
    bad(statuses::save(&state, &admin, Status { name: "Жёлтый".into(), color: "yellow".into(), ..Default::default() }).await, Problem::BadColor);
    let nowhere = Status { name: "x".into(), color: "#000000".into(), move_to_room: Some("nosuch".into()), ..Default::default() };
    assert_eq!(problem(statuses::save(&state, &admin, nowhere).await), Some(Problem::NotFound { thing: Thing::Room }));
    let into_staff = Status { name: "x".into(), color: "#000000".into(), move_to_room: Some("staff".into()), ..Default::default() };
    bad(statuses::save(&state, &admin, into_staff).await, Problem::MoveOnlyToClientRoom);

    // A new status with actions; then it becomes the default, taking it from «Активный».
    let spam = statuses::save(&state, &admin, Status {
        name: "Спам".into(), color: "#AA0000".into(), remove_responsible: true, message: Some("  Закрываем  ".into()),
        move_to_room: Some("sales".into()), ..Default::default()
    }).await.unwrap();
    assert_eq!((spam.color.as_str(), spam.message.as_deref(), spam.move_to_room.as_deref()), ("#aa0000", Some("Закрываем"), Some("sales")));
    let stored = statuses::list(&state, &admin).await.unwrap().into_iter().find(|s| s.id == spam.id).unwrap();
    assert_eq!(stored, spam);
    let active = all.iter().find(|s| s.id == "active").unwrap().clone();
    bad(statuses::save(&state, &admin, Status { is_default: false, ..active.clone() }).await, Problem::DefaultStatusRequired);
    statuses::save(&state, &admin, Status { is_default: true, ..spam.clone() }).await.unwrap();
    let now = statuses::list(&state, &admin).await.unwrap();
    assert_eq!(now.iter().filter(|s| s.is_default).map(|s| s.id.as_str()).collect::<Vec<_>>(), vec![spam.id.as_str()]);
    bad(statuses::delete(&state, &admin, &spam.id, None).await, Problem::DefaultStatusUndeletable);

    // «Активный» is in use by the demo chats: refused without a replacement,
    // then its chats move to «Закрыт».
    assert!(matches!(problem(statuses::delete(&state, &admin, "active", None).await), Some(Problem::InUse { thing: Thing::Status, count }) if count > 0));
    bad(statuses::delete(&state, &admin, "active", Some("active")).await, Problem::SameReplacement { thing: Thing::Status });
    statuses::delete(&state, &admin, "active", Some("closed")).await.unwrap();
    assert_eq!(chat_field(&state, "vivan", "status").await, serde_json::json!("chat_status:closed"));
    assert!(statuses::list(&state, &admin).await.unwrap().iter().all(|s| s.id != "active"));
}

#[tokio::test]
async fn topics_rename_in_chats_and_refuse_deletion_in_use() {
    let state = open_state("mem://", true).await.unwrap();
    let admin = signed_in(&state, "admin").await;
    bad(topics::save(&state, &admin, Topic { name: "  ".into(), ..Default::default() }).await, Problem::EntryNameMissing);
    bad(topics::save(&state, &admin, Topic { name: "оплата".into(), ..Default::default() }).await, Problem::DuplicateName { thing: Thing::Topic });
    state.db.query("UPDATE chat:vivan SET topic = 'Оплата', topic_ref = topic:billing").await.unwrap().check().unwrap();
    groups::set_grants(&state, &admin, "operators", groups::Grant::Topics, &["billing".into()]).await.unwrap();

    let renamed = topics::save(&state, &admin, Topic { id: "billing".into(), name: "Оплата и счета".into(), position: 0 }).await.unwrap();
    assert_eq!(renamed.position, 1, "a rename keeps the place");
    assert_eq!(chat_field(&state, "vivan", "topic").await, serde_json::json!("Оплата и счета"));

    bad(topics::delete(&state, &admin, "billing", None).await, Problem::InUse { thing: Thing::Topic, count: 1 });
    topics::delete(&state, &admin, "billing", Some("delivery")).await.unwrap();
    assert_eq!(chat_field(&state, "vivan", "topic").await, serde_json::json!("Доставка"));
    let operators = groups::groups(&state, &admin).await.unwrap().into_iter().find(|g| g.id == "operators").unwrap();
    assert!(operators.topics.is_empty(), "groups stop granting a deleted topic");
    assert_eq!(problem(groups::set_grants(&state, &admin, "operators", groups::Grant::Topics, &["billing".into()]).await), Some(Problem::NotFound { thing: Thing::Topic }));
}

#[tokio::test]
async fn custom_fields_are_typed_and_kept_while_they_hold_values() {
    let state = open_state("mem://", true).await.unwrap();
    let admin = signed_in(&state, "admin").await;
    bad(fields::save(&state, &admin, CustomField { name: "Тариф".into(), kind: FieldKind::Choice, ..Default::default() }).await, Problem::ChoicesMissing);
    let plan = fields::save(&state, &admin, CustomField {
        name: "Тариф".into(), kind: FieldKind::Choice, choices: vec![" Базовый ".into(), "".into(), "Про".into()], owner: FieldOwner::Client, ..Default::default()
    }).await.unwrap();
    assert_eq!(plan.choices, vec!["Базовый", "Про"]);
    // The same name is fine for the other owner, not for the same one.
    fields::save(&state, &admin, CustomField { name: "Тариф".into(), owner: FieldOwner::User, ..Default::default() }).await.unwrap();
    bad(fields::save(&state, &admin, CustomField { name: "тариф".into(), owner: FieldOwner::Client, ..Default::default() }).await, Problem::DuplicateName { thing: Thing::Field });

    // A value is stored (the user-info window will write these): the type stays, deletion is refused.
    state.db.query("CREATE field_value SET field = custom_field:contract, owner = 'client:c1', value = '42'").await.unwrap().check().unwrap();
    let contract = fields::list(&state, &admin).await.unwrap().into_iter().find(|f| f.id == "contract").unwrap();
    bad(fields::save(&state, &admin, CustomField { kind: FieldKind::Number, ..contract.clone() }).await, Problem::FieldKindFixed);
    fields::save(&state, &admin, CustomField { name: "Договор №".into(), ..contract.clone() }).await.unwrap();
    bad(fields::delete(&state, &admin, "contract").await, Problem::InUse { thing: Thing::Field, count: 1 });
    fields::delete(&state, &admin, &plan.id).await.unwrap();
    assert!(fields::list(&state, &admin).await.unwrap().iter().all(|f| f.id != plan.id));
}

#[tokio::test]
async fn rooms_are_edited_ordered_and_get_checked_images() {
    let state = open_state("mem://", true).await.unwrap();
    let admin = signed_in(&state, "admin").await;
    let edit = |id: &str, name: &str, kind: RoomKind| RoomEdit { id: id.into(), name: name.into(), kind, max_wait_secs: 90, panel_fields: vec!["utm".into(), "page".into()] };
    bad(room_settings::edit_room(&state, &admin, edit("support", "продажи", RoomKind::Client)).await, Problem::DuplicateName { thing: Thing::Room });
    bad(room_settings::edit_room(&state, &admin, edit("support", "Поддержка", RoomKind::Webinar)).await, Problem::RoomKindFixed);
    bad(room_settings::edit_room(&state, &admin, RoomEdit { panel_fields: vec!["password".into()], ..edit("support", "Поддержка", RoomKind::Client) }).await, Problem::UnknownPanelField { field: "password".into() });
    let saved = room_settings::edit_room(&state, &admin, edit("support", "Поддержка 24/7", RoomKind::Client)).await.unwrap();
    assert_eq!(saved.panel_fields, vec!["page", "utm"], "kept in the panel's own order");
    // An empty room may change type; a client room gets its widget source.
    room_settings::edit_room(&state, &admin, edit("webinars", "Вебинары", RoomKind::Client)).await.unwrap();
    let sources: Vec<serde_json::Value> = state.db.query("SELECT VALUE id FROM source WHERE room = room:webinars").await.unwrap().take(0).unwrap();
    assert_eq!(sources.len(), 1);

    room_settings::move_room(&state, &admin, "sales", -1).await.unwrap();
    let order: Vec<String> = room_settings::all_rooms(&state, &admin).await.unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(&order[..2], ["sales", "support"]);
    room_settings::move_room(&state, &admin, "sales", -1).await.unwrap();
    bad(room_settings::move_room(&state, &admin, "sales", 5).await, Problem::BadMoveStep);

    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    const PNG_1X1: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
        0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0x0F, 0x00, 0x00,
        0x01, 0x01, 0x00, 0x05, 0x18, 0xD8, 0x4D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    bad(room_settings::set_room_image(&state, &admin, "support", &b64(b"<svg onload=alert(1)></svg>")).await, Problem::NotAnImage);
    bad(room_settings::set_room_image(&state, &admin, "support", "@@@").await, Problem::FileDamaged);
    bad(room_settings::set_room_image(&state, &admin, "support", &b64(&vec![0u8; 300 * 1024])).await, Problem::ImageTooLarge { kb: 256 });
    let url = room_settings::set_room_image(&state, &admin, "support", &b64(PNG_1X1)).await.unwrap();
    assert!(url.starts_with("/media/rooms/support?v="));
    let (content_type, bytes) = room_settings::room_image(&state, &signed_in(&state, "boris").await, "support").await.unwrap();
    assert_eq!((content_type.as_str(), bytes.as_slice()), ("image/png", PNG_1X1));
    // Vera has no access to «Поддержка»: its image is as good as missing.
    assert_eq!(problem(room_settings::room_image(&state, &signed_in(&state, "vera").await, "support").await), Some(Problem::NotFound { thing: Thing::Room }));
}

#[tokio::test]
async fn groups_are_renamed_and_only_empty_ones_deleted() {
    let state = open_state("mem://", true).await.unwrap();
    let admin = signed_in(&state, "admin").await;
    bad(groups::rename_group(&state, &admin, "operators", "отдел продаж").await, Problem::DuplicateName { thing: Thing::Group });
    groups::rename_group(&state, &admin, "operators", "Первая линия").await.unwrap();
    assert!(matches!(problem(groups::delete_group(&state, &admin, "operators").await), Some(Problem::GroupHasMembers { members }) if members.iter().any(|m| m.starts_with("Анна"))));
    let empty = groups::create_group(&state, &admin, "Временная").await.unwrap();
    groups::delete_group(&state, &admin, &empty.id).await.unwrap();
    assert_eq!(problem(groups::delete_group(&state, &admin, &empty.id).await), Some(Problem::NotFound { thing: Thing::Group }));
    staff::set_bot(&state, &admin, "boris", true).await.unwrap();
    assert!(staff::list(&state, &admin).await.unwrap().iter().any(|e| e.id == "boris" && e.is_bot));
}

#[tokio::test]
async fn mailboxes_keep_their_password_on_the_server() {
    let state = open_state("mem://", true).await.unwrap();
    let admin = signed_in(&state, "admin").await;
    let mailbox = EmailSource {
        room: "support".into(), address: "Help@Example.com".into(), imap_host: "imap.example.com".into(), imap_port: 993,
        smtp_host: "smtp.example.com".into(), smtp_port: 465, login: "help".into(), password: String::new(), has_password: false,
        enabled: true, health: Default::default(),
    };
    bad(sources::save_email_source(&state, &admin, mailbox.clone()).await, Problem::MailboxPasswordMissing);
    bad(sources::save_email_source(&state, &admin, EmailSource { room: "staff".into(), password: "s3cret".into(), ..mailbox.clone() }).await, Problem::EmailOnlyInClientRooms);
    bad(sources::save_email_source(&state, &admin, EmailSource { imap_port: 0, password: "s3cret".into(), ..mailbox.clone() }).await, Problem::BadPort);
    sources::save_email_source(&state, &admin, EmailSource { password: "s3cret".into(), ..mailbox.clone() }).await.unwrap();
    // Saving again without a password keeps it.
    sources::save_email_source(&state, &admin, EmailSource { smtp_port: 587, ..mailbox.clone() }).await.unwrap();
    let listed = sources::email_sources(&state, &admin).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].address.as_str(), listed[0].smtp_port, listed[0].password.as_str(), listed[0].has_password), ("help@example.com", 587, "", true));
    let stored: Vec<String> = state.db.query("SELECT VALUE password FROM email_source").await.unwrap().take(0).unwrap();
    // Encrypted at rest with the server's key (#16).
    assert_eq!(stored.len(), 1);
    assert!(stored[0].starts_with("enc1:") && !stored[0].contains("s3cret"));
    assert_eq!(state.channels.secrets.open(&stored[0]).as_deref(), Some("s3cret"));
    bad(sources::save_email_source(&state, &admin, EmailSource { room: "sales".into(), password: "x".into(), ..mailbox }).await, Problem::MailboxTaken);
    let audit: Vec<String> = state.db.query("SELECT VALUE new FROM audit WHERE action = 'mail_source'").await.unwrap().take(0).unwrap();
    assert!(!audit.is_empty(), "the change is audited");
    assert!(audit.iter().all(|entry| !entry.contains("s3cret")), "the password is never logged");
}
