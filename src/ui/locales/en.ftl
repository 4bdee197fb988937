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
call-muted = Microphone off
call-sharing-screen = is sharing the screen
copy-link = Copy the link
link-qr-code = The link's QR code
meeting-id = Meeting ID
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
# Handed over in Russian by src/model/meeting.rs; tr_model finds it through ru.ftl.
meeting-topic-missing = Give the meeting a topic
# Handed over in Russian by src/model/meeting.rs; tr_model finds it through ru.ftl.
meeting-start-passed = The start time has passed
# Handed over in Russian by src/model/meeting.rs; tr_model finds it through ru.ftl.
meeting-too-many-invited = At most 50 employees can be invited to a meeting

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
sending = Sending…
loading = Loading…
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
# A server error (src/server); the UI shows server errors as sent for now.
wrong-email-or-password = Wrong e-mail or password
# Not shown anywhere at the moment; kept from the earlier dictionary.
room-not-found = Room not found

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
# A server error (src/server); the UI shows server errors as sent for now.
not-allowed = Not allowed
group-name = Group name
audit-log = Audit log
first-run = First run
create-admin-account = Create the administrator's account
audit-when = When
audit-who = Who
audit-what = What
audit-before = Before
audit-after = After
right-chats-delete = View and delete chats
right-users-edit = Edit users
right-clients-edit = Edit clients
right-clients-merge = Merge clients
right-block = Block
right-meetings-manage = Manage meetings
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
# Handed over in Russian by src/model/menu.rs (CLOSED_REASON); tr_model finds it through ru.ftl.
chat-closed-reason = The chat is closed: set it back to «Active» first
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
custom-fields = Custom fields
sources = Sources
move-up = Up
move-down = Down
client-panel-parts = Client panel:
location = Location
current-page = Current page
utm-tags = UTM tags
upload-image = Upload image
room-image-too-large = The image is larger than { $kb } KB
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
email-source-notice = E-mail: the mailbox settings are saved; receiving and sending mail comes with the next update.
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
chat-open-by-employee = Has the chat open
chat-not-open-by-employee = Does not have the chat open
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
# Handed over in Russian by src/model/filter.rs; tr_model finds it through ru.ftl.
filter-text-too-long = The filter text is too long
# Handed over in Russian by src/model/filter.rs; tr_model finds it through ru.ftl.
filter-period-reversed = The period starts after it ends
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
# Handed over in Russian by src/model/internal_chat.rs; tr_model finds it through ru.ftl.
new-chat-nobody-chosen = Pick at least one employee
# Handed over in Russian by src/model/internal_chat.rs; tr_model finds it through ru.ftl.
new-chat-too-many = A chat can have at most 50 participants
# Handed over in Russian by src/model/internal_chat.rs; tr_model finds it through ru.ftl.
group-chat-too-few = A group chat needs at least two people besides you
# Handed over in Russian by src/model/internal_chat.rs; tr_model finds it through ru.ftl.
personal-chat-one-person = A personal chat has one other person: pick a group chat for several
# Handed over in Russian by src/model/internal_chat.rs; tr_model finds it through ru.ftl.
group-chat-topic-missing = Give the group chat a topic
# Handed over in Russian by src/model/meeting.rs and internal_chat.rs; tr_model finds it through ru.ftl.
topic-too-long = The topic is longer than 120 characters
block = Block
unblock = Unblock
block-whom = Whom to block
block-target-user = The user
block-until = Until
block-reason = Reason
block-reason-named = Reason: { $reason }
block-until-missing = Give the date and time the block ends
# Handed over in Russian by src/model/block.rs; tr_model finds it through ru.ftl.
block-reason-missing = Give the reason for the block
# Handed over in Russian by src/model/block.rs; tr_model finds it through ru.ftl.
block-reason-too-long = The reason is longer than 500 characters
# Handed over in Russian by src/model/block.rs; tr_model finds it through ru.ftl.
block-until-past = The block's end is already past
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
any-neuter = Any
no-events = No events
block-target-client = The client (all its users)
# A server error (src/server); the UI shows server errors as sent for now.
block-client-not-merged = The user is not merged into a client: block the user
play-message-sound = Play the incoming message sound
play-call-sound = Play the incoming call sound
