# English.
# Message ids are ASCII kebab-case from the meaning; ru.ftl and en.ftl have the same ids
# (tests/i18n.rs checks it). Arguments are { $name } placeables.

chats = Chats

## Meetings and calls (C3, C4, C13, R3, R4)

meeting-organiser = Organiser
start-video-call = Start a video call
join-video-call = Join the video call
menu-meeting-settings = Conference (webinar) settings
meeting-link = Meeting link
new-meeting = Create a new conference or webinar
incoming-call = Incoming call
is-calling = is calling
accept-call = Accept
decline-call = Decline
video-call = Video call
call-participant-count = Participants: { $count }
call-connecting = Connecting…
call-waiting-in-lobby = You are in the lobby: the organiser will let you in soon.
call-lobby = Lobby
call-admit = Admit
call-reject = Reject
call-remove = Remove from the call
call-guest = Guest
call-you-are-viewer = You are a viewer: watch and write in the chat
call-my-name = { $name } (you)
call-camera-on = Camera on
call-camera-off = Camera off
call-mic-on = Microphone on
call-mic-off = Microphone off
call-share-screen = Share screen
call-stop-sharing = Stop sharing
call-leave = Leave the call
call-ended = The call has ended
call-no-media = Camera and microphone unavailable: { $error }
call-connection-failed = Could not connect: { $error }
call-screen-share-failed = Screen sharing did not start: { $error }
call-no-window = no browser window
call-no-screen-video = no screen video
call-viewer = Viewer
call-audience-title = Viewers
call-audience = Viewers: { $count }
call-muted = Microphone off
call-sharing-screen = is sharing the screen
call-raise-hand = Raise hand
call-lower-hand = Lower hand
call-hand-raised = Hand raised
call-give-floor = Let speak
call-take-floor = Take the floor back
call-quality-good = Good connection
call-quality-fair = Fair connection: video at reduced quality
call-quality-poor = Poor connection: video at low quality
call-quality-paused = Video not shown: the call has more videos than fit
call-uplink-lost = Your audio and video do not reach the server: check your connection
copy-link = Copy the link
link-qr-code = The link's QR code
meeting-id = Meeting ID
meeting-invitation = { $name } invites you to a meeting.
    Topic: { $topic }
    Link: { $link }
    Meeting ID: { $id }
link-copied = Link copied
invitation-copied = Invitation copied
copy-refused = The browser did not allow copying
meeting-settings-by-organiser = The meeting's organiser changes the settings
meeting-guest-lobby = A lobby for guests
meeting-max-participants = Participants in the call, at most
meeting-who-starts-call = Who may start the call
meeting-starts-anyone = any participant
meeting-starts-organiser = the organiser only
meeting-presenters = Presenters (send audio, video and screen)
meeting-start = Start
meeting-participants = Participants
meeting-left = You left the meeting
webinar = Webinar
conference = Conference
join = Join

## Rooms, lists, sign-in, the chat and the widget

rooms = Rooms
lists = Lists
list-new = New
list-mine = Mine
list-all = All
list-deleted = Deleted
# Not shown anywhere at the moment; kept from the earlier dictionary.
sign-in-title = Sign in
sign-in = Sign in
sign-out = Sign out
email = E-mail
password = Password
send = Send
message-placeholder = Write a message…
choose-chat = Choose a chat
no-chats = No chats
responsible = Responsible
responsible-named = Responsible: { $name }
no-responsible = No responsible person
new-chat = New chat
connection-lost = Connection lost, reconnecting…
# Not shown anywhere at the moment; kept from the earlier dictionary.
session-expired = Session expired, please sign in again
send-failed-retry = Not sent. Retry
history-loading-older = Loading earlier messages…
history-loading-newer = Loading newer messages…
new-inquiry = New inquiry
unread-messages = Unread messages
outbox-discard = Delete
notifications-on = Background notifications are on
notifications-denied = Notifications are blocked in the browser settings
notifications-unsupported = This browser does not show notifications
notifications-off = Background notifications are off
notifications-enable = Turn on
messages-label = Chat messages
imap-port = IMAP port
smtp-port = SMTP port
push-heading = Notifications on devices
push-inquiries = New inquiries
push-messages = Messages in my chats
push-calls = Incoming calls
push-previews = Show the message text
push-devices = Devices
push-no-devices = No devices with notifications
push-remove-device = Turn off device { $device }
sending = Sending…
loading = Loading…
show-more = Show more
widget-introduce-yourself = Please introduce yourself
your-name = Your name
widget-start-chat = Start chat
widget-greeting = Hello! How can we help?
back = Back
source-widget = Widget
source-email = E-mail
source-messenger = Messenger
staff = Staff
unread-of-total = Unread / total

## Settings (S1–S7) and the first run

settings = Settings
groups-and-rights = Groups and rights
# Not shown anywhere at the moment; kept from the earlier dictionary.
rights = Rights
room-name = Name
type = Type
room-max-wait = Max wait, s
create = Create
room-kind-client = Client chat
room-kind-internal = Internal
room-kind-conference = Conferences
room-kind-webinar = Webinars
group-name = Group name
audit-log = Audit log
first-run = First run
create-admin-account = Create the administrator's account
setup-token = Setup token
setup-token-hint = The server printed it to its log when it started («first run: … setup token …»).
audit-when = When
audit-who = Who
audit-what = What
audit-before = Before
audit-after = After
# Audit log actions (model::settings::AuditAction): audit-<code with dashes>.
audit-group-created = Group created
audit-group-renamed = Group renamed
audit-group-deleted = Group deleted
audit-group-rooms = Group rooms
audit-group-topics = Group topics
audit-group-rights = Group rights
audit-room-created = Room created
audit-room-changed = Room changed
audit-rooms-reordered = Room order
audit-room-image = Room image
audit-status-created = Status created
audit-status-changed = Status changed
audit-status-deleted = Status deleted
audit-field-created = Field created
audit-field-changed = Field changed
audit-field-deleted = Field deleted
audit-topic-created = Topic created
audit-topic-changed = Topic changed
audit-topic-deleted = Topic deleted
audit-employee-created = Employee created
audit-employee-groups = Employee groups
audit-employee-disabled = Employee disabled
audit-employee-bot = Bot
audit-password-changed = Password changed
audit-mail-source = Mail source
right-chats-delete = View and delete chats
right-users-edit = Edit users
right-clients-edit = Edit clients
right-clients-merge = Merge clients
right-block = Block
right-meetings-manage = Manage meetings
right-replies-manage = Rooms' saved replies
right-admin = Administer
person-name = Name
enable = Enable
disable = Disable
new-password = New password
change-password = Change password
statuses = Statuses

## The chat menu (C2–C18) and the directories

chat-menu = Chat menu
menu-change-status = Change status
menu-assign-responsible = Assign responsible
menu-leave-chat = Leave chat
menu-delete-chat = Delete chat
menu-restore-chat = Restore chat
delete-chat-forever = Delete chat forever
delete-chat-forever-warning = The chat and all its messages will be deleted for good.
cancel = Cancel
status-closed-mark = closed
find-employee = Find an employee
chat-deleted-mark = Deleted
chat-gone = The chat was deleted or is no longer available
grants-rights = Rights:
grants-rooms = Rooms:
grants-topics = Topics:
topics = Topics
field-on-panel = Show on the panel
rooms-of-tariff = { $count } of { $limit } rooms in the tariff
rooms-beyond-tariff = Beyond the tariff: the room is kept, but not shown in the rooms column
custom-fields = Custom fields
sources = Sources
move-up = Up
move-down = Down
client-panel-parts = Client panel:
location = Location
current-page = Current page
utm-tags = UTM tags
upload-image = Upload image
file-unreadable = The file cannot be read
save = Save
saved = Saved
rename = Rename
delete-group = Delete group
delete = Delete
replacement = Replacement
no-replacement = no replacement
colour = Colour
new-status = New status
status-closed = Closed
status-default = For new chats
status-on-enter = On entering the status:
status-remove-responsible = remove the responsible person
status-move-to-room = Move to room
status-do-not-move = do not move
status-client-message = message to the client
new-topic = New topic
new-field = New field
field-owner = Whose field
field-kind-text = Text
field-kind-number = Number
field-kind-date = Date
field-kind-choice = Choice
user = User
client = Client
field-choices-placeholder = options, comma-separated
widget-snippet-hint = Website widget: paste before </body>
copy = Copy
copied = Copied
open-widget = Open the widget
email-source-notice = E-mail: mail that arrives in this mailbox becomes an inquiry in «New», and operators' answers go to the client by e-mail.
source-from-address = From address
source-mail-subject = Mail subject
telegram-source-notice = Telegram: messages to the bot become inquiries, and operators' answers come from the bot. @BotFather gives the token.
bot-token = Bot token
bot-token-stored = Token stored (enter a new one to replace it)
source-telegram = Telegram
mailbox-enabled = On
mailbox-check = Test connection
mailbox-checking = Testing…
mailbox-step-ok = { $server }: connection works
mailbox-step-failed = { $server }: { $error }
mailbox-connected = Connected since { $since }: new mail arrives at once
mailbox-retrying = No connection since { $since }: { $error }. Retrying.
mailbox-off = Off: no mail is read or sent
mailbox-starting = Connecting…
delivery-queued = Queued
delivery-retrying = Not sent yet, will retry: { $error }
delivery-sent = Sent
delivery-failed = Not sent: { $error }
delivery-reason-no-channel = the chat has no channel to send by
delivery-reason-message-gone = the message was deleted
delivery-reason-no-email = the client has no e-mail address
delivery-reason-no-mailbox = the room's mailbox is not set up or is off
delivery-reason-no-telegram-chat = the client has no Telegram chat
delivery-reason-no-bot = the room's bot is not set up or is off
delivery-reason-file-too-large-for-telegram = { $file }: Telegram takes files up to 50 MB from a bot
delivery-resend = Send again
mailbox-address = Mailbox address
mailbox-login = Login
password-stored = password stored
menu-change-topic = Change topic
menu-add-operator = Add operator
menu-participants = Participants

## Participants, topics, the filter (W9), the profile, new chats, blocks, user info

related-chats = Related chats
topic = Topic
topic-other = Other
no-topic = No topic
no-participants = No participants
participant-info = Participant info
remove-from-chat = Remove from the chat
add-participants = Add participants
add = Add
chats-window-open = Has the Chats window open
chats-window-closed = Chats window closed
search-chats = Search chats
filter = Filter
filter-found = found { $count }
reset = Reset
reset-filter = Reset filter
search = Search
room = Room
all-rooms = All rooms
list = List
all-but-deleted = All but deleted
status = Status
any-masculine = Any
any-feminine = Any
source = Source
period-from = From
period-to = To
client-name = Client name
message-words = Words in messages
activity-active = Active
activity-on-break = On a break
activity-status = Employee status
activity-status-title = Employee status: { $status }
profile = Profile
close = Close
sound-message = Incoming message sound
sound-call = Incoming call sound
bot-badge = bot
bot = Bot
add-chat = Add chat
personal-chat = Personal chat
group-chat = Group chat
chat-topic-placeholder = What this chat is about
existing-chats-hint = Chats with these people exist already: open one to continue:
block = Block
unblock = Unblock
block-whom = Whom to block
block-target-user = The user
block-until = Until
block-reason = Reason
block-reason-named = Reason: { $reason }
block-until-missing = Give the date and time the block ends
unblock-confirm = The user is blocked until { $until }. Lift the block now?
widget-blocked-until = Sending messages is blocked until { $until }
client-info = Client info
no-data = no data
blocked-until = Blocked until
user-info = User info
details = Details
user-history = User history
client-history = Client history
user-since = With us since { $date }
client-users = Users of the client
undo-merge = Undo merge
user-not-merged = The user is not merged with others into a client.
merge-with-user = Merge with a user
user-name = User name
merge = Merge
history-action = Action
# History actions (model::history::HistoryAction): history-<code with dashes>.
history-inquiry-started = Inquiry started
history-rated = Rated the conversation
history-page-visited = Page visited
history-message-sent = Client message
history-chat-created = Chat created
history-chat-deleted = Chat deleted
history-chat-restored = Chat restored
history-chat-erased = Chat deleted permanently
history-chat-left = Left the chat
history-status-changed = Status changed
history-responsible-assigned = Responsible person assigned
history-topic-changed = Topic changed
history-participants-added = Participants added
history-participant-removed = Participant removed
history-conference-created = Conference created
history-webinar-created = Webinar created
history-meeting-settings-changed = Meeting settings changed
history-merged-into-client = Merged into a client
history-merge-undone = Merge undone
history-user-blocked = User blocked
history-client-blocked = Client blocked
history-user-unblocked = User unblocked
history-client-unblocked = Client unblocked
history-user-renamed = User renamed
history-field-changed = Field changed
history-field-cleared = Field cleared
history-other = Other action
# A block's detail: its end and reason.
history-block-detail = until { $detail }
any-neuter = Any
no-events = No events
block-target-client = The client (all its users)
play-message-sound = Play the incoming message sound
play-call-sound = Play the incoming call sound

## Problems (src/model/problem.rs, shown by src/ui/problem.rs): sessions and access

problem-sign-in-required = Please sign in
problem-forbidden = Not allowed
problem-not-found = { $thing ->
        [chat] Chat not found
        [room] Room not found
        [employee] Employee not found
        [user] User not found
        [client] Client not found
        [group] Group not found
        [status] Status not found
        [topic] Topic not found
        [field] Field not found
        [meeting] Meeting not found
        [image] Image not found
        [message] Message not found
        [saved_reply] Saved reply not found
        [file] File not found
       *[other] Entry not found
    }
problem-wrong-credentials = Wrong e-mail or password
problem-too-many-attempts = Too many attempts, try again in { $retry_secs } s
problem-too-many-requests = Too many requests. Try again in { $retry_secs } s.
problem-too-many-messages = Too many messages. Try again in { $retry_secs } s.
problem-blocked = Sending messages is blocked
problem-internal = Internal server error
problem-malformed-request = Malformed request
problem-no-connection = No connection to the server

## Problems (src/model/problem.rs, shown by src/ui/problem.rs): messages

problem-message-empty = The message is empty
problem-message-too-long = The message is longer than { $max } characters ({ $chars })
problem-bad-client-id = Invalid send identifier
problem-bad-message-number = Invalid message number

## Problems (src/model/problem.rs, shown by src/ui/problem.rs): names and directory entries

problem-name-missing = Enter a name
problem-name-too-long = The name is longer than { $max } characters
problem-name-length = The name must be 1 to { $max } characters long
problem-entry-name-missing = Enter a title
problem-title-too-long = The title is longer than { $max } characters
problem-duplicate-name = { $thing ->
        [room] A room with this name already exists
        [group] A group with this name already exists
        [status] A status with this name already exists
        [topic] A topic with this name already exists
        [field] A field with this name already exists
       *[other] An entry with this name already exists
    }
problem-same-replacement = { $thing ->
        [status] The replacement must be another status
        [topic] The replacement must be another topic
       *[other] The replacement must be another entry
    }
problem-in-use = { $thing ->
        [status] The status is in use (chats: { $count }). Choose a replacement
        [topic] The topic is in use (chats: { $count }). Choose a replacement
        [field] The field is in use (filled in: { $count }). Clear the values first
       *[other] The entry is in use ({ $count }). Choose a replacement
    }
problem-bad-color = The colour is written as #rrggbb
problem-default-status-closed = The status for new chats cannot be a closed one
problem-status-message-too-long = The message is longer than { $max } characters
problem-default-status-required = First make another status the one for new chats
problem-default-status-undeletable = The status for new chats cannot be deleted: choose another one first
problem-move-only-to-client-room = A chat can only be moved to a «Client chat» room
problem-choices-missing = List the choices
problem-too-many-choices = At most { $max } choices, each up to { $max_chars } characters
problem-field-kind-fixed = A field's type and owner can only change while it holds no values
problem-value-too-long = The value is longer than { $max } characters
problem-number-expected = A number is needed here
problem-date-expected = A date YYYY-MM-DD is needed here
problem-choice-expected = Choose one of the listed values

## Problems (src/model/problem.rs, shown by src/ui/problem.rs): rooms, e-mail sources, groups and employees

problem-room-name-missing = Enter the room's name
problem-bad-max-wait = Maximum waiting time: from 10 seconds to 24 hours
problem-room-limit = Your plan allows at most { $max } rooms
problem-unknown-panel-field = Unknown panel part: { $field }
problem-room-kind-fixed = A room's type can only change while it has no chats
problem-bad-move-step = Move: one place up or down
problem-image-too-large = The image is larger than { $kb } KB
problem-file-damaged = The file is damaged
problem-not-an-image = This is not a PNG, JPEG, GIF or WebP image (up to 4096×4096)
problem-bad-email = Invalid e-mail address
problem-mail-servers-missing = Enter the IMAP and SMTP servers (host name)
problem-bad-port = Port: from 1 to 65535
problem-mailbox-login-missing = Enter the mailbox login
problem-mailbox-password-missing = Enter the mailbox password
problem-password-too-long = The password is too long
problem-email-only-in-client-rooms = E-mail can only be connected to a «Client chat» room
problem-mailbox-taken = This address is already connected to another room
problem-group-has-members = The group has employees ({ $members }): remove them from the group first
problem-unknown-right = Unknown right: { $right }
problem-last-admin = The last administrator cannot be removed
problem-last-admin-disabled = The last administrator cannot be disabled
problem-employee-email-taken = An employee with this e-mail already exists
problem-body-too-large = The request is larger than { $max_kib } KiB
problem-not-json = Requests must be sent as JSON
problem-cross-site = Requests from another site are refused
problem-setup-token-wrong = The setup token is not the one in the server's log
problem-employee-name-length = Enter a name (up to { $max } characters)
problem-password-too-short = The password is shorter than { $min } characters

## Problems (src/model/problem.rs, shown by src/ui/problem.rs): chats: actions, participants, topics, the filter

problem-chat-closed = The chat is closed: set it back to «Active» first
problem-erase-only-deleted = Only a chat in «Deleted» can be deleted forever
problem-responsible-only-in-client-chats = A responsible person is assigned only in a client chat
problem-no-access-to-chat = { $employee } has no access to this chat
problem-not-a-participant = You are not a participant of this chat
problem-responsible-cannot-leave = The responsible person cannot leave the chat: assign someone else first
problem-nobody-chosen = Pick at least one employee
problem-too-many-at-once = At most { $max } employees can be added at once
problem-not-in-chat = This employee is not in the chat
problem-responsible-cannot-be-removed = The responsible person cannot be removed from the chat: assign someone else first
problem-last-participant = At least one participant must stay in the chat
problem-internal-room-required = Employees' chats are created in internal rooms
problem-too-many-participants = A chat can have at most { $max } participants
problem-group-chat-too-few = A group chat needs at least two people besides you
problem-personal-chat-one-person = A personal chat has one other person: pick a group chat for several
problem-group-chat-topic-missing = Give the group chat a topic
problem-topic-missing = Enter a topic
problem-topic-too-long = The topic is longer than { $max } characters
problem-filter-text-too-long = The filter text is too long
problem-period-reversed = The period starts after it ends

## Problems (src/model/problem.rs, shown by src/ui/problem.rs): users, clients, blocks and the client panel

problem-no-user-in-chat = This chat has no user
problem-merge-with-self = A user cannot be merged with themselves
problem-already-merged = These users are already merged
problem-in-another-client = User «{ $user }» already belongs to client «{ $client }»: undo that merge first
problem-merge-race = Someone changed these users while you were merging: open the window again
problem-not-merged = The user is not merged into a client
problem-not-in-client = This user does not belong to the client
problem-no-visitor-to-block = This chat has no visitor to block
problem-block-client-not-merged = The user is not merged into a client: block the user
problem-not-blocked = The user is not blocked
problem-block-reason-missing = Give the reason for the block
problem-block-reason-too-long = The reason is longer than { $max } characters
problem-block-end-passed = The block's end is already past
problem-page-url-scheme = The page address must start with http:// or https://
problem-page-url-too-long = The page address is too long
problem-page-text-too-long = The page description is too long

## Problems (src/model/problem.rs, shown by src/ui/problem.rs): meetings and calls

problem-no-calls-in-client-chats = Video calls are in internal chats, conferences and webinars
problem-meeting-room-required = Meetings are created in the «Conferences» and «Webinars» rooms
problem-meeting-deleted = The meeting has been deleted
problem-meeting-ended = The meeting has ended
problem-meeting-topic-missing = Give the meeting a topic
problem-too-many-invited = At most { $max } employees can be invited to a meeting
problem-start-passed = The start time has passed
problem-call-size = Call participants: from 2 to { $max }
problem-too-many-presenters = A webinar has at most { $max } presenters including the organiser
problem-presenter-not-participant = Only a participant of the meeting can present
problem-no-meeting-link = Conferences and webinars have a meeting link
problem-guest-name-missing = Introduce yourself: enter a name
problem-call-full = The call is full: it already has { $count } participants
problem-call-not-started = The call has not started yet: the organiser starts it
problem-viewer-publishes = A webinar viewer cannot send audio and video
problem-unknown-peer = No such participant in this call
problem-not-in-call = You are not in the call
problem-may-not-admit = Only the organiser can admit from the lobby
problem-sdp-too-long = The connection description is too long
problem-bad-sdp = The connection description was not accepted
problem-media-unavailable = The call's media server is not running
problem-hand-not-raised = Raise your hand first: the organiser then lets you speak
problem-lobby-full = The lobby is full: { $max } people are already waiting
problem-guest-name-taken = This name belongs to an employee: choose another
problem-may-not-remove = Only the organiser can remove participants from the call
problem-rejected-from-lobby = The organiser did not let you into the call
problem-removed-from-call = The organiser removed you from the call
problem-call-session-ended = You signed out: the call has ended for you
problem-call-access-lost = You no longer have access to this call
problem-call-ended = The call has ended
problem-call-server-lost = The server running this call stopped: start the call again
problem-storage-unavailable = The database is not answering. Trying again in { $retry_secs } s.
problem-push-subscription-invalid = This browser's push subscription cannot be used
problem-note-outside-client-chat = Private notes can only be written in a client's chat
problem-rating-not-open = This conversation cannot be rated now
problem-already-rated = This conversation has been rated already
problem-rating-out-of-range = A rating is from 1 to 5
problem-comment-too-long = The comment is longer than { $max } characters
problem-bad-working-hours = Each working day must open before it closes, within the day
problem-unknown-timezone = Unknown time zone
problem-email-invalid = Enter an e-mail address
problem-file-too-large = The file is larger than { $max_mb } MB
problem-file-type-forbidden = Files of this type cannot be sent
problem-file-name-missing = The file has no name
problem-file-empty = The file is empty
problem-too-many-files = A message carries at most { $max } files
problem-file-not-attachable = The file was not uploaded by you for this chat, or is attached already
problem-nothing-to-resend = Only an answer that failed or waits in the queue can be sent again
problem-bad-bot-token = A bot token looks like 123456789:AAE…, as @BotFather gives it
problem-bot-only-in-client-rooms = A messenger bot can only be connected to a «Client chat» room

# Typing and private notes (#14).
typing-one = { $name } is typing…
typing-many = { $names } are typing…
note-toggle = Note
note-toggle-title = Only staff see a note, the client never does
note-placeholder = A note for staff: the client will not see it
note-send = Save note
download-file = Download
attach-files = Attach files
attached-files = Attached files
files-not-ready = Wait for the files to upload, or remove the ones that failed
uploading = Uploading
upload-cancel = Cancel the upload
upload-remove = Remove the file
size-b = B
size-kb = KB
size-mb = MB
note-mark = Note

# Saved replies (#14).
saved-replies = Saved replies
saved-replies-none = No saved replies found
saved-replies-hint = Type “/” in the message box to insert a saved reply. Variables: {"{"}client{"}"}, {"{"}operator{"}"}, {"{"}room{"}"}.
saved-reply-title = Title
saved-reply-text = Text
saved-reply-scope = For whom
saved-reply-personal = Personal
saved-reply-new = New saved reply
saved-reply-edit = Edit

# Mentions (#14).
mention-mark-title = You were mentioned
mention-notification = { $name } mentioned you

# Satisfaction ratings (#14).
rating-ask = Please rate this conversation
rating-n = Rating { $score } of 5
rating-comment = Comment (optional)
rating-send = Send rating
rating-choose = Choose a rating from 1 to 5
rating-thanks = Thank you for your rating!
rating-badge-title = Client rating
rating-of-chat = Conversation rating
ratings = Ratings
ratings-rooms = By room
ratings-operators = By operator
ratings-count = Ratings
ratings-average = Average
ratings-none = No ratings in this period
ratings-show = Show

# Working hours and the offline form (#14).
widget-outside-hours = We are outside our working hours now. Write to us and we will answer when we are back.
widget-offline-greeting = No operator is available right now. Leave a message and your e-mail address and we will answer.
widget-your-email = E-mail
widget-your-message = Message
widget-leave-message = Leave a message
widget-offline-sent = Message received. We will answer as soon as we can.
left-offline = Offline
left-offline-title = Left through the offline form
client-email = E-mail
working-hours = Working hours
working-hours-enabled = Use working hours
working-hours-timezone = Time zone
working-hours-accept-outside = Accept chats outside working hours
working-hours-offline-when-nobody = With no operator at work, show the offline form
weekday-mon = Mon
weekday-tue = Tue
weekday-wed = Wed
weekday-thu = Thu
weekday-fri = Fri
weekday-sat = Sat
weekday-sun = Sun
working-hours-saved = Working hours saved
mention-picker = Mention a colleague
