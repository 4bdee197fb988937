//! Meetings and calls (R3, R4, C3, C4, C13) over SurrealDB `mem://`: creating
//! a webinar, its settings, the link for guests and the lobby, and the call's
//! refusals: a full call, a call only the organiser may start, a viewer who
//! tries to publish, and messages to someone outside the call.

#![cfg(feature = "server")]

mod common;

use common::{signed_in, problem};
use chats::model::problem::{Problem, Thing};
use chats::model::meeting::{NewMeeting, SignalIn, SignalOut, WhoStarts};
use chats::model::room::RoomKind;
use chats::server::meetings::calls::{CallRefusal, Calls, Joined};
use chats::server::meetings::meeting;
use chats::server::startup::open_state;

const SEND_SDP: &str = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendrecv\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=sendrecv\r\n";

fn webinar(key: &str, topic: &str, people: &[&str]) -> NewMeeting {
    NewMeeting { room: "webinars".into(), key: key.into(), topic: topic.into(), starts_ms: None, participants: people.iter().map(|p| p.to_string()).collect() }
}

/// Everything a mailbox holds now.
fn drain(rx: &mut tokio::sync::mpsc::Receiver<SignalOut>) -> Vec<SignalOut> {
    let mut out = Vec::new();
    while let Ok(message) = rx.try_recv() {
        out.push(message);
    }
    out
}

#[tokio::test]
async fn a_webinar_is_created_with_the_right_and_its_viewers_cannot_publish() {
    let state = open_state("mem://", true).await.unwrap();
    let (anna, boris, vera) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await, signed_in(&state, "vera").await);

    // Creating needs «Управление встречами» and the room.
    assert_eq!(problem(meeting::create(&state, &boris, webinar("w1", "Обучение", &[])).await), Some(Problem::Forbidden));
    assert_eq!(problem(meeting::create(&state, &vera, webinar("w1", "Обучение", &[])).await), Some(Problem::NotFound { thing: Thing::Room }));
    assert_eq!(problem(meeting::create(&state, &anna, webinar("w1", "  ", &[])).await), Some(Problem::MeetingTopicMissing));
    let mut past = webinar("w1", "Обучение", &[]);
    past.starts_ms = Some(1_000);
    assert_eq!(problem(meeting::create(&state, &anna, past).await), Some(Problem::StartPassed));
    let mut internal = webinar("w1", "Обучение", &[]);
    internal.room = "staff".into();
    assert_eq!(problem(meeting::create(&state, &anna, internal).await), Some(Problem::MeetingRoomRequired));

    let made = meeting::create(&state, &anna, webinar("w1", "Обучение", &["boris"])).await.unwrap();
    assert_eq!(made.room_kind, RoomKind::Webinar);
    let again = meeting::create(&state, &anna, webinar("w1", "Обучение", &["boris"])).await.unwrap();
    assert_eq!(made.id, again.id, "a retry returns the same meeting");
    let info = meeting::info(&state, &boris, &made.id).await.unwrap();
    assert_eq!(info.organiser.as_ref().map(|o| o.id.as_str()), Some("anna"));
    assert!(!info.may_manage && info.may_start);
    assert!(meeting::info(&state, &anna, &made.id).await.unwrap().may_manage);

    // Settings: the organiser only, within the limits, presenters from the participants.
    let mut settings = info.settings.clone();
    settings.lobby = false;
    assert_eq!(problem(meeting::save_settings(&state, &boris, &made.id, settings.clone()).await), Some(Problem::Forbidden));
    settings.presenters = vec!["vera".into()];
    assert_eq!(problem(meeting::save_settings(&state, &anna, &made.id, settings.clone()).await), Some(Problem::PresenterNotParticipant));
    settings.presenters = vec![];
    settings.max_participants = 301;
    assert_eq!(problem(meeting::save_settings(&state, &anna, &made.id, settings.clone()).await), Some(Problem::CallSize { max: 300 }));
    settings.max_participants = 300;
    assert!(!meeting::save_settings(&state, &anna, &made.id, settings).await.unwrap().settings.lobby);

    // The organiser presents; Boris watches.
    let host = meeting::employee_ticket(&state, &anna, &made.id).await.unwrap();
    let viewer = meeting::employee_ticket(&state, &boris, &made.id).await.unwrap();
    assert!(host.peer.presenter && !viewer.peer.presenter);
    let calls = &state.calls;
    let (tx, mut host_rx) = Calls::mailbox();
    assert_eq!(calls.join(&host, tx).unwrap(), Joined::InCall { started: true });
    let (tx, mut viewer_rx) = Calls::mailbox();
    assert_eq!(calls.join(&viewer, tx).unwrap(), Joined::InCall { started: false });
    assert!(matches!(drain(&mut viewer_rx).first(), Some(SignalOut::Joined { peers, .. }) if peers.len() == 1));
    assert!(drain(&mut host_rx).iter().any(|m| matches!(m, SignalOut::PeerJoined { peer } if peer.id == viewer.peer.id)));
    // A workspace that reloads learns the running call and who started it; Vera, without the room, does not.
    let running = meeting::running_calls(&state, &boris).await.unwrap();
    assert_eq!(running.iter().map(|c| (c.chat.as_str(), c.by_name.as_str())).collect::<Vec<_>>(), vec![(made.id.as_str(), "Анна Смирнова")]);
    assert!(meeting::running_calls(&state, &vera).await.unwrap().is_empty());

    // A viewer's offer that sends media is refused; one that only receives
    // is answered by the media server.
    let offer = |sdp: &str| SignalIn::Offer { sdp: sdp.into() };
    assert_eq!(calls.relay(&made.id, &viewer.peer.id, offer(SEND_SDP)), Err(CallRefusal::ViewerPublishes));
    assert!(drain(&mut host_rx).is_empty(), "nothing reached the presenter");
    let (_client, receive_only) = common::rtc::Client::new(false).await;
    calls.relay(&made.id, &viewer.peer.id, offer(&receive_only)).unwrap();
    let answered = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        loop {
            if let Some(SignalOut::Answer { sdp }) = viewer_rx.recv().await {
                break sdp;
            }
        }
    })
    .await
    .unwrap();
    assert!(answered.contains("a=candidate"), "the answer names the media server's address");
    assert!(drain(&mut host_rx).is_empty(), "nothing reached the presenter");
    let camera_on = SignalIn::Media { state: chats::model::meeting::MediaState { camera: true, mic: false, screen: false } };
    assert_eq!(calls.relay(&made.id, &viewer.peer.id, camera_on), Err(CallRefusal::ViewerPublishes));
    // Someone outside the call, or a peer that is not in it.
    assert_eq!(calls.relay(&made.id, "p-stranger", SignalIn::Hand { up: true }), Err(CallRefusal::NotInCall));
    assert_eq!(calls.relay(&made.id, &host.peer.id, SignalIn::Floor { peer: "p-nobody".into(), on: true }), Err(CallRefusal::UnknownPeer));
    assert_eq!(calls.relay(&made.id, &host.peer.id, SignalIn::Offer { sdp: "x".repeat(70_000) }), Err(CallRefusal::SdpTooLong));

    // Leaving: the last one out ends the call.
    assert!(!calls.leave(&made.id, &viewer.peer.id));
    assert!(calls.running(&made.id));
    assert!(calls.leave(&made.id, &host.peer.id));
    assert!(!calls.running(&made.id));
}

#[tokio::test]
async fn guests_come_by_the_link_wait_in_the_lobby_and_a_full_call_refuses() {
    let state = open_state("mem://", true).await.unwrap();
    let (anna, boris, vera, admin) =
        (signed_in(&state, "anna").await, signed_in(&state, "boris").await, signed_in(&state, "vera").await, signed_in(&state, "admin").await);

    // The demo conference: a link made on first use, the same afterwards.
    let code = meeting::link_code(&state, &anna, "planning").await.unwrap();
    assert_eq!(code.len(), 10);
    assert_eq!(meeting::link_code(&state, &boris, "planning").await.unwrap(), code);
    assert_eq!(problem(meeting::link_code(&state, &vera, "planning").await), Some(Problem::NotFound { thing: Thing::Chat }));
    assert_eq!(problem(meeting::link_code(&state, &anna, "staff_anna_boris").await), Some(Problem::NoMeetingLink));
    assert_eq!(problem(meeting::employee_ticket(&state, &anna, "vivan").await), Some(Problem::NoCallsInClientChats), "client chats have no calls");

    assert_eq!(problem(meeting::guest_pass(&state, &code, "  ").await), Some(Problem::GuestNameMissing));
    assert_eq!(problem(meeting::guest_pass(&state, "1234", "Гость").await), Some(Problem::NotFound { thing: Thing::Meeting }));
    let pass = meeting::guest_pass(&state, &code, "Гость Петров").await.unwrap();
    assert_eq!(pass.chat, "planning");
    let guest = meeting::guest_ticket(&state, &pass.token).await.unwrap();
    assert!(guest.lobby && guest.peer.guest);
    assert_eq!(problem(meeting::guest_ticket(&state, "0".repeat(64).as_str()).await), Some(Problem::SignInRequired));

    // A guest cannot start the call; it waits once someone is in.
    let calls = &state.calls;
    let (tx, _) = Calls::mailbox();
    assert_eq!(calls.join(&guest, tx), Err(CallRefusal::NotStarted));
    let boris_ticket = meeting::employee_ticket(&state, &boris, "planning").await.unwrap();
    let (tx, mut boris_rx) = Calls::mailbox();
    calls.join(&boris_ticket, tx).unwrap();
    let (tx, mut guest_rx) = Calls::mailbox();
    assert_eq!(calls.join(&guest, tx).unwrap(), Joined::InLobby);
    assert_eq!(drain(&mut guest_rx), vec![SignalOut::Waiting]);
    // Boris does not manage the meeting: he is not told of the lobby and cannot admit.
    assert!(!drain(&mut boris_rx).iter().any(|m| matches!(m, SignalOut::Lobby { .. })));
    assert_eq!(calls.relay("planning", &boris_ticket.peer.id, SignalIn::Admit { peer: guest.peer.id.clone() }), Err(CallRefusal::MayNotAdmit));
    let anna_ticket = meeting::employee_ticket(&state, &anna, "planning").await.unwrap();
    let (tx, mut anna_rx) = Calls::mailbox();
    calls.join(&anna_ticket, tx).unwrap();
    assert!(drain(&mut anna_rx).iter().any(|m| matches!(m, SignalOut::Lobby { waiting } if waiting.len() == 1)));
    calls.relay("planning", &anna_ticket.peer.id, SignalIn::Admit { peer: guest.peer.id.clone() }).unwrap();
    assert!(matches!(drain(&mut guest_rx).first(), Some(SignalOut::Joined { peers, .. }) if peers.len() == 2));

    // The meeting's own limit holds: set to four, a fifth is refused.
    let mut settings = meeting::info(&state, &anna, "planning").await.unwrap().settings;
    assert_eq!(settings.max_participants, 25, "a conference's default");
    settings.max_participants = 4;
    meeting::save_settings(&state, &anna, "planning", settings).await.unwrap();
    let admin_ticket = meeting::employee_ticket(&state, &admin, "planning").await.unwrap();
    let (tx, _admin_rx) = Calls::mailbox();
    calls.join(&admin_ticket, tx).unwrap();
    let another = meeting::employee_ticket(&state, &admin, "planning").await.unwrap();
    let (tx, _) = Calls::mailbox();
    assert_eq!(calls.join(&another, tx), Err(CallRefusal::Full(4)));

    // Only the organiser (or «Управление встречами») may start, once set so.
    for peer in calls.people("planning") {
        calls.leave("planning", &peer.id);
    }
    let mut settings = meeting::info(&state, &anna, "planning").await.unwrap().settings;
    settings.who_starts = WhoStarts::Organiser;
    meeting::save_settings(&state, &anna, "planning", settings).await.unwrap();
    let boris_ticket = meeting::employee_ticket(&state, &boris, "planning").await.unwrap();
    let (tx, _) = Calls::mailbox();
    assert_eq!(calls.join(&boris_ticket, tx), Err(CallRefusal::NotStarted));
    assert!(meeting::employee_ticket(&state, &anna, "planning").await.unwrap().may_start);

    // A meeting in a closed status has ended: nobody joins, not even by the link.
    state.db.query("UPDATE chat:planning SET status = chat_status:closed").await.unwrap().check().unwrap();
    assert_eq!(problem(meeting::employee_ticket(&state, &anna, "planning").await), Some(Problem::MeetingEnded));
    assert_eq!(problem(meeting::guest_pass(&state, &code, "Гость").await), Some(Problem::MeetingEnded));
    assert_eq!(problem(meeting::guest_ticket(&state, &pass.token).await), Some(Problem::MeetingEnded));
}

#[tokio::test]
async fn meeting_ids_cannot_be_guessed_in_bulk() {
    let state = open_state("mem://", true).await.unwrap();
    let anna = signed_in(&state, "anna").await;
    let code = meeting::link_code(&state, &anna, "planning").await.unwrap();
    let guesser = Some("203.0.113.7".parse().unwrap());
    for guess in 0..chats::server::people::address_limit::MAX_FAILURES {
        let wrong = format!("{:010}", guess);
        assert_eq!(problem(meeting::guest_pass_from(&state, guesser, &wrong, "Гость").await), Some(Problem::NotFound { thing: Thing::Meeting }));
    }
    // Even the right ID now waits for that address; another address is served.
    assert!(matches!(problem(meeting::guest_pass_from(&state, guesser, &code, "Гость").await), Some(Problem::TooManyAttempts { .. })));
    assert!(meeting::guest_pass_from(&state, Some("198.51.100.1".parse().unwrap()), &code, "Гость").await.is_ok());
}

#[tokio::test]
async fn the_lobby_does_not_count_toward_the_call_and_has_its_own_cap() {
    use chats::model::meeting::LOBBY_MAX;
    let state = open_state("mem://", true).await.unwrap();
    let (anna, boris, admin) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await, signed_in(&state, "admin").await);
    let code = meeting::link_code(&state, &anna, "planning").await.unwrap();
    let mut settings = meeting::info(&state, &anna, "planning").await.unwrap().settings;
    settings.max_participants = 4;
    meeting::save_settings(&state, &anna, "planning", settings).await.unwrap();
    let calls = &state.calls;
    let anna_ticket = meeting::employee_ticket(&state, &anna, "planning").await.unwrap();
    let (tx, mut anna_rx) = Calls::mailbox();
    calls.join(&anna_ticket, tx).unwrap();

    // Three guests wait in the lobby: they keep nobody out of the 4-person call.
    let mut guests = Vec::new();
    for i in 0..3 {
        let pass = meeting::guest_pass(&state, &code, &format!("Гость {i}")).await.unwrap();
        let ticket = meeting::guest_ticket(&state, &pass.token).await.unwrap();
        let (tx, rx) = Calls::mailbox();
        assert_eq!(calls.join(&ticket, tx).unwrap(), Joined::InLobby);
        guests.push((ticket, rx));
    }
    let mut keep = Vec::new();
    for who in [&boris, &admin, &admin] {
        let ticket = meeting::employee_ticket(&state, who, "planning").await.unwrap();
        let (tx, rx) = Calls::mailbox();
        assert_eq!(calls.join(&ticket, tx).unwrap(), Joined::InCall { started: false }, "employees join past the waiting guests");
        keep.push(rx);
    }
    assert_eq!(calls.people("planning").len(), 4);
    let fifth = meeting::employee_ticket(&state, &admin, "planning").await.unwrap();
    let (tx, _) = Calls::mailbox();
    assert_eq!(calls.join(&fifth, tx), Err(CallRefusal::Full(4)));
    // Admitting is joining: a full call takes no guest from the lobby.
    drain(&mut anna_rx);
    let admit = SignalIn::Admit { peer: guests[0].0.peer.id.clone() };
    assert_eq!(calls.relay("planning", &anna_ticket.peer.id, admit), Err(CallRefusal::Full(4)));
    assert!(!calls.people("planning").iter().any(|p| p.guest));

    // The lobby has its own cap.
    for i in 3..LOBBY_MAX {
        let pass = meeting::guest_pass(&state, &code, &format!("Гость {i}")).await.unwrap();
        let ticket = meeting::guest_ticket(&state, &pass.token).await.unwrap();
        let (tx, rx) = Calls::mailbox();
        assert_eq!(calls.join(&ticket, tx).unwrap(), Joined::InLobby);
        guests.push((ticket, rx));
    }
    let pass = meeting::guest_pass(&state, &code, "Лишний гость").await.unwrap();
    let late = meeting::guest_ticket(&state, &pass.token).await.unwrap();
    assert_eq!(calls.admits(&late), Err(CallRefusal::LobbyFull));
    let (tx, _) = Calls::mailbox();
    assert_eq!(calls.join(&late, tx), Err(CallRefusal::LobbyFull));
    assert_eq!(Problem::from(CallRefusal::LobbyFull), Problem::LobbyFull { max: LOBBY_MAX });
}

#[tokio::test]
async fn the_organiser_rejects_and_removes_and_those_put_out_are_told() {
    use chats::server::meetings::calls::Kick;
    let state = open_state("mem://", true).await.unwrap();
    let (anna, boris) = (signed_in(&state, "anna").await, signed_in(&state, "boris").await);
    let code = meeting::link_code(&state, &anna, "planning").await.unwrap();
    let calls = &state.calls;
    let anna_ticket = meeting::employee_ticket(&state, &anna, "planning").await.unwrap();
    let (tx, mut anna_rx) = Calls::mailbox();
    calls.join(&anna_ticket, tx).unwrap();
    let boris_ticket = meeting::employee_ticket(&state, &boris, "planning").await.unwrap();
    let (tx, mut boris_rx) = Calls::mailbox();
    let (_, boris_kicked) = calls.join_socket(&boris_ticket, tx).unwrap();

    // A guest turned away: out of the lobby, told why, and the pass is gone.
    let pass = meeting::guest_pass(&state, &code, "Гость Петров").await.unwrap();
    let guest = meeting::guest_ticket(&state, &pass.token).await.unwrap();
    let (tx, _guest_rx) = Calls::mailbox();
    let (_, guest_kicked) = calls.join_socket(&guest, tx).unwrap();
    let reject = SignalIn::Reject { peer: guest.peer.id.clone() };
    assert_eq!(calls.relay("planning", &boris_ticket.peer.id, reject.clone()), Err(CallRefusal::MayNotAdmit));
    drain(&mut anna_rx);
    calls.relay("planning", &anna_ticket.peer.id, reject).unwrap();
    assert_eq!(*guest_kicked.borrow(), Some(Kick { problem: Problem::RejectedFromLobby, ended_call: false }));
    assert!(drain(&mut anna_rx).iter().any(|m| matches!(m, SignalOut::Lobby { waiting } if waiting.is_empty())));
    assert_eq!(problem(meeting::guest_ticket(&state, &pass.token).await), Some(Problem::SignInRequired), "a rejected pass is void");

    // A guest admitted, then removed: the others see the peer leave.
    let pass = meeting::guest_pass(&state, &code, "Гость Сидоров").await.unwrap();
    let guest = meeting::guest_ticket(&state, &pass.token).await.unwrap();
    let (tx, _guest_rx) = Calls::mailbox();
    let (_, guest_kicked) = calls.join_socket(&guest, tx).unwrap();
    calls.relay("planning", &anna_ticket.peer.id, SignalIn::Admit { peer: guest.peer.id.clone() }).unwrap();
    assert!(calls.people("planning").iter().any(|p| p.guest));
    drain(&mut boris_rx);
    let remove = SignalIn::Remove { peer: guest.peer.id.clone() };
    assert_eq!(calls.relay("planning", &boris_ticket.peer.id, remove.clone()), Err(CallRefusal::MayNotRemove));
    calls.relay("planning", &anna_ticket.peer.id, remove).unwrap();
    assert_eq!(guest_kicked.borrow().as_ref().map(|k| k.problem.clone()), Some(Problem::RemovedFromCall));
    assert!(drain(&mut boris_rx).iter().any(|m| matches!(m, SignalOut::PeerLeft { id } if *id == guest.peer.id)));
    assert!(!calls.people("planning").iter().any(|p| p.guest));
    assert_eq!(problem(meeting::guest_ticket(&state, &pass.token).await), Some(Problem::SignInRequired), "a removed guest cannot come back");

    // Any participant may be removed, not oneself.
    assert_eq!(calls.relay("planning", &anna_ticket.peer.id, SignalIn::Remove { peer: anna_ticket.peer.id.clone() }), Err(CallRefusal::UnknownPeer));
    calls.relay("planning", &anna_ticket.peer.id, SignalIn::Remove { peer: boris_ticket.peer.id.clone() }).unwrap();
    assert_eq!(boris_kicked.borrow().as_ref().map(|k| k.problem.clone()), Some(Problem::RemovedFromCall));
    assert_eq!(calls.people("planning").len(), 1);
    // A socket that was put out finds itself gone when it closes.
    assert!(!calls.leave("planning", &boris_ticket.peer.id));
    assert!(calls.running("planning"));
    // Boris keeps his right to the chat, but this call keeps him out while it runs.
    let again = meeting::employee_ticket(&state, &boris, "planning").await.unwrap();
    let (tx, _rx) = Calls::mailbox();
    assert_eq!(calls.join(&again, tx), Err(CallRefusal::Removed));
    assert_eq!(Problem::from(CallRefusal::Removed), Problem::RemovedFromCall);
    // A guest waiting in the lobby when the last one leaves is told the call ended.
    let pass = meeting::guest_pass(&state, &code, "Гость Ждущий").await.unwrap();
    let waiting = meeting::guest_ticket(&state, &pass.token).await.unwrap();
    let (tx, _waiting_rx) = Calls::mailbox();
    let (_, waiting_kicked) = calls.join_socket(&waiting, tx).unwrap();
    assert_eq!(*waiting_kicked.borrow(), None);
    // Once it ends, a new call takes him again.
    assert!(calls.leave("planning", &anna_ticket.peer.id));
    assert!(!calls.running("planning"));
    assert_eq!(waiting_kicked.borrow().as_ref().map(|k| k.problem.clone()), Some(Problem::CallEnded));
    let first = meeting::employee_ticket(&state, &anna, "planning").await.unwrap();
    let (tx, _rx) = Calls::mailbox();
    calls.join(&first, tx).unwrap();
    let (tx, _rx) = Calls::mailbox();
    assert!(calls.join(&again, tx).is_ok());
}

#[tokio::test]
async fn a_guest_cannot_take_an_employees_name() {
    let state = open_state("mem://", true).await.unwrap();
    let anna = signed_in(&state, "anna").await;
    let code = meeting::link_code(&state, &anna, "planning").await.unwrap();
    for name in ["Анна Смирнова", "анна смирнова", "  АННА   смирнова "] {
        assert_eq!(problem(meeting::guest_pass(&state, &code, name).await), Some(Problem::GuestNameTaken), "{name:?}");
    }
    let pass = meeting::guest_pass(&state, &code, "Анна").await.unwrap();
    let ticket = meeting::guest_ticket(&state, &pass.token).await.unwrap();
    assert!(ticket.peer.guest, "a guest carries the guest mark");
}

#[tokio::test]
async fn expired_guest_passes_are_dropped() {
    let state = open_state("mem://", true).await.unwrap();
    let calls = &state.calls;
    let now = chats::server::clock::now_ms();
    let day = 24 * 3600 * 1000;
    // Dropped when asked for.
    calls.add_guest_at("old-1", "planning", "Гость", now - day);
    assert_eq!(calls.guest_count(), 1);
    assert!(calls.guest("old-1").is_none());
    assert_eq!(calls.guest_count(), 0, "an expired pass is dropped on access");
    // Dropped by the sweep, when nobody asks.
    for i in 0..100 {
        calls.add_guest_at(&format!("old-{i}"), "planning", "Гость", now - day);
    }
    calls.add_guest("fresh", "planning", "Гость");
    assert_eq!(calls.guest_count(), 1, "a new pass drops the expired ones");
    for i in 0..100 {
        calls.add_guest_at(&format!("old-{i}"), "planning", "Гость", now - day);
    }
    assert_eq!(calls.sweep_guests(now), 100);
    assert_eq!(calls.guest_count(), 1);
    assert!(calls.guest("fresh").is_some());
}
