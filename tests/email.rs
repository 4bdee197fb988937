//! The e-mail source (#16) against a real Postfix and Dovecot on loopback:
//! a customer's mail opens an inquiry, the operator's answer reaches the
//! customer's mailbox threaded and with its file, the customer's reply lands
//! in the same chat, bounces and auto-replies open nothing, and an answer
//! queued while the mail server is down goes once when it is back.

#![cfg(feature = "server")]

mod common;

use std::time::{Duration, Instant};

use chats::model::channel::{Delivery, SourceHealth};
use chats::model::chat::Source;
use chats::model::message::{HistoryWindow, Message, NewMessage};
use chats::model::settings::EmailSource;
use chats::server::admin::sources;
use chats::server::channels::email::{self, connect::Mailbox, receive};
use chats::server::chats::{attachments, messages, summary::visible_chats};
use chats::server::rights::Actor;
use chats::server::startup::open_state;
use chats::server::state::AppState;
use common::mail::MailServers;
use common::{signed_in, wait_for};
use mail_parser::{MessageParser, MimeHeaders as _};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// «Поддержка»'s mailbox on the loopback servers.
fn support_mailbox(servers: &MailServers) -> EmailSource {
    EmailSource {
        room: "support".into(),
        address: "support@example.test".into(),
        imap_host: "127.0.0.1".into(),
        imap_port: servers.imap.into(),
        smtp_host: "127.0.0.1".into(),
        smtp_port: servers.smtp.into(),
        login: "support@example.test".into(),
        password: "secret".into(),
        has_password: false,
        enabled: true,
        health: SourceHealth::Stopped,
    }
}

async fn connect_mailbox(state: &AppState, servers: &MailServers) {
    let admin = signed_in(state, "admin").await;
    sources::save_email_source(state, &admin, support_mailbox(servers)).await.unwrap();
    wait_for("the mailbox to connect", || async { matches!(state.channels.health("support"), SourceHealth::Connected { .. }) }).await;
}

async fn email_chats(state: &AppState, who: &Actor) -> Vec<chats::model::chat::ChatSummary> {
    visible_chats(state, who).await.unwrap().into_iter().map(|r| r.chat).filter(|c| c.source == Source::Email && c.room == "support").collect()
}

async fn messages_of(state: &AppState, who: &Actor, chat: &str) -> Vec<Message> {
    messages::history(state, who, chat, HistoryWindow::Latest).await.unwrap().messages
}

fn header(raw: &[u8], name: &str) -> String {
    MessageParser::default().parse(raw).unwrap().header_raw(name).unwrap_or_default().trim().to_string()
}

#[tokio::test]
async fn a_mail_opens_an_inquiry_and_the_answer_goes_back_threaded() {
    let servers = MailServers::start();
    let state = open_state("mem://", true).await.unwrap();
    let boris = signed_in(&state, "boris").await;
    connect_mailbox(&state, &servers).await;

    // The password is stored encrypted, and never comes back to a browser.
    let mut response = state.db.query("SELECT VALUE password FROM email_source:support").await.unwrap();
    let stored: Vec<String> = response.take(0).unwrap();
    assert!(stored[0].starts_with("enc1:") && !stored[0].contains("secret"));
    let admin = signed_in(&state, "admin").await;
    let listed = sources::email_sources(&state, &admin).await.unwrap();
    assert!(listed[0].password.is_empty() && listed[0].has_password);

    let delivered = Instant::now();
    servers
        .deliver(
            "ivan@customer.test",
            "support@example.test",
            "From: Иван Петров <ivan@customer.test>\nTo: support@example.test\nSubject: Заказ 15\nMessage-ID: <q1@customer.test>\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain; charset=utf-8\n\nГде мой заказ?\n--b\nContent-Type: application/pdf; name=\"check.pdf\"\nContent-Disposition: attachment; filename=\"check.pdf\"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQKMSAwIG9iajw8Pj5lbmRvYmoKdHJhaWxlcjw8Pj4KJSVFT0YK\n--b--\n",
        )
        .await;
    wait_for("the mail in «Новые»", || async { !email_chats(&state, &boris).await.is_empty() }).await;
    println!("delivery to the operator's list: {} ms (IDLE)", delivered.elapsed().as_millis());
    let chat = email_chats(&state, &boris).await.remove(0);
    assert_eq!(chat.client_name.as_deref(), Some("Иван Петров"));
    assert!(chat.responsible.is_none() && chat.waiting_since_ms.is_some(), "a new inquiry waits in «Новые»");
    let first = messages_of(&state, &boris, &chat.id).await;
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].text, "Где мой заказ?");
    assert_eq!(first[0].files.len(), 1);
    assert_eq!(first[0].files[0].name, "check.pdf");

    // The operator answers with a file.
    let file = attachments::upload_as_employee(&state, &boris, &chat.id, "invoice.pdf", futures::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from_static(PDF))])).await.unwrap();
    let sent_at = Instant::now();
    let answer = messages::send_as_employee(&state, &boris, NewMessage { chat: chat.id.clone(), client_id: "answer-0001".into(), text: "Заказ в пути".into(), note: false, files: vec![file.id] })
        .await
        .unwrap();
    assert!(matches!(answer.delivery, Some(Delivery::Queued { .. })), "{:?}", answer.delivery);
    wait_for("the answer to be sent", || async {
        messages_of(&state, &boris, &chat.id).await.iter().any(|m| m.seq == answer.seq && m.delivery == Some(Delivery::Sent))
    })
    .await;
    wait_for("the answer in the customer's mailbox", || async { servers.inbox("ivan@customer.test").await.len() == 1 }).await;
    println!("«Отправить» to the customer's mailbox: {} ms", sent_at.elapsed().as_millis());
    let mail = servers.inbox("ivan@customer.test").await.remove(0);
    assert_eq!(header(&mail, "In-Reply-To"), "<q1@customer.test>");
    assert!(header(&mail, "References").contains("<q1@customer.test>"));
    let subject = MessageParser::default().parse(&mail[..]).unwrap().subject().unwrap().to_string();
    assert_eq!(subject, "Re: Заказ 15");
    let parsed = MessageParser::default().parse(&mail[..]).unwrap();
    assert!(parsed.body_text(0).unwrap().contains("Заказ в пути"));
    assert_eq!(parsed.attachments().next().and_then(|a| a.attachment_name().map(str::to_string)).as_deref(), Some("invoice.pdf"));
    assert_eq!(parsed.attachments().next().unwrap().contents(), PDF);
    let our_id = header(&mail, "Message-ID");
    assert!(header(&mail, "Reply-To").contains(&format!("support+{}@example.test", chat.id)));

    // A colleague of the customer answers the thread: the same chat.
    servers
        .deliver(
            "petr@customer.test",
            "support@example.test",
            &format!("From: Пётр <petr@customer.test>\nTo: support@example.test\nSubject: Re: Re: Заказ 15\nMessage-ID: <q2@customer.test>\nIn-Reply-To: {our_id}\nReferences: <q1@customer.test> {our_id}\nContent-Type: text/plain; charset=utf-8\n\nСпасибо!\n\nOn Tue, Support wrote:\n> Заказ в пути\n"),
        )
        .await;
    wait_for("the reply in the same chat", || async { messages_of(&state, &boris, &chat.id).await.len() == 3 }).await;
    let thread = messages_of(&state, &boris, &chat.id).await;
    assert_eq!(thread[2].text, "Спасибо!", "the quoted history is left out");
    assert_eq!(email_chats(&state, &boris).await.len(), 1, "no second inquiry");

    // A bounce and an auto-reply open nothing.
    servers
        .deliver("", "support@example.test", "From: MAILER-DAEMON@customer.test\nTo: support@example.test\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: <bounce1@customer.test>\nContent-Type: multipart/report; report-type=delivery-status; boundary=r\n\n--r\nContent-Type: text/plain\n\nThe mail could not be delivered.\n--r--\n")
        .await;
    servers
        .deliver("olga@customer.test", "support@example.test", "From: olga@customer.test\nTo: support@example.test\nSubject: Out of office\nAuto-Submitted: auto-replied\nMessage-ID: <auto1@customer.test>\n\nI am away.\n")
        .await;
    wait_for("both in the mail log", || async {
        let mut response = state.db.query("SELECT VALUE outcome FROM mail WHERE direction = 'in' AND outcome IN ['bounce', 'auto']").await.unwrap();
        let outcomes: Vec<String> = response.take(0).unwrap();
        outcomes.len() == 2
    })
    .await;
    assert_eq!(email_chats(&state, &boris).await.len(), 1, "neither opened an inquiry");
    assert_eq!(servers.inbox("olga@customer.test").await.len(), 0, "an auto-reply is never answered");

    // The same mail read again (a restart, a second node) is stored once.
    let mailbox = email::mailbox(&state, "support").await.unwrap().unwrap();
    let again = "From: ivan@customer.test\nTo: support@example.test\nSubject: Заказ 15\nMessage-ID: <q1@customer.test>\n\nГде мой заказ?\n";
    assert_eq!(receive::receive(&state, &mailbox, again.as_bytes()).await.unwrap(), receive::Received::Duplicate);
    assert_eq!(messages_of(&state, &boris, &chat.id).await.len(), 3);
}

#[tokio::test]
async fn an_answer_queued_while_the_mail_server_is_down_goes_once() {
    let servers = MailServers::start();
    let state = open_state("mem://", true).await.unwrap();
    let boris = signed_in(&state, "boris").await;
    connect_mailbox(&state, &servers).await;
    servers
        .deliver("anna@customer.test", "support@example.test", "From: anna@customer.test\nTo: support@example.test\nSubject: Вопрос\nMessage-ID: <a1@customer.test>\n\nЗдравствуйте\n")
        .await;
    wait_for("the inquiry", || async { !email_chats(&state, &boris).await.is_empty() }).await;
    let chat = email_chats(&state, &boris).await.remove(0);

    servers.stop_smtp();
    let answer = messages::send_as_employee(&state, &boris, NewMessage { chat: chat.id.clone(), client_id: "answer-down-1".into(), text: "Отвечаем".into(), note: false, files: vec![] })
        .await
        .unwrap();
    // The failed try is on the bubble, with the reason, and it stays queued.
    wait_for("a failed try on the bubble", || async {
        messages_of(&state, &boris, &chat.id).await.iter().any(|m| m.seq == answer.seq && matches!(&m.delivery, Some(Delivery::Queued { attempts, error: Some(_) }) if *attempts >= 1))
    })
    .await;

    servers.start_smtp();
    // Retry now rather than after the backoff; two workers at once (two
    // nodes) still send it once.
    state.db.query("UPDATE message SET delivery_next_ms = NONE WHERE delivery = 'queued'").await.unwrap();
    let (a, b) = tokio::join!(chats::server::channels::queue::send_due(&state), chats::server::channels::queue::send_due(&state));
    a.unwrap();
    b.unwrap();
    wait_for("the answer to be sent", || async {
        messages_of(&state, &boris, &chat.id).await.iter().any(|m| m.seq == answer.seq && m.delivery == Some(Delivery::Sent))
    })
    .await;
    wait_for("the mail", || async { !servers.inbox("anna@customer.test").await.is_empty() }).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(servers.inbox("anna@customer.test").await.len(), 1, "sent once");

    // «Отправить снова» only for an answer that did not go.
    let refused = email::resend(&state, &boris, &chat.id, answer.seq).await;
    assert_eq!(common::problem(refused), Some(chats::model::problem::Problem::NothingToResend));
}

#[tokio::test]
async fn a_wrong_password_is_told_in_the_servers_words() {
    let servers = MailServers::start();
    let state = open_state("mem://", true).await.unwrap();
    let admin = signed_in(&state, "admin").await;
    let mut source = support_mailbox(&servers);
    sources::save_email_source(&state, &admin, source.clone()).await.unwrap();
    let steps = email::check_connection(&state, &admin, "support").await.unwrap();
    assert!(steps.iter().all(|s| s.ok), "{steps:?}");

    // A wrong password: both servers refuse, in their own words.
    source.password = "wrong".into();
    sources::save_email_source(&state, &admin, source.clone()).await.unwrap();
    let steps = email::check_connection(&state, &admin, "support").await.unwrap();
    assert!(steps.iter().all(|s| !s.ok && !s.detail.is_empty()), "{steps:?}");
    assert!(steps[0].detail.to_lowercase().contains("authentication failed"), "{steps:?}");
    wait_for("the reader to say it retries", || async { matches!(state.channels.health("support"), SourceHealth::Retrying { .. }) }).await;

    // Switched off: the reader stops.
    source.enabled = false;
    sources::save_email_source(&state, &admin, source).await.unwrap();
    wait_for("the reader to stop", || async { state.channels.health("support") == SourceHealth::Stopped }).await;
    let _: Option<Mailbox> = email::mailbox(&state, "support").await.unwrap();
}
