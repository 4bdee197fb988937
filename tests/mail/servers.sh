#!/usr/bin/env bash
# Starts a real mail system on loopback for the e-mail source's tests (#16):
# Postfix takes SMTP and hands every message to Dovecot over LMTP; Dovecot
# serves the mailboxes over IMAP. Every mailbox of the domains example.test and
# customer.test exists, and any password is "secret".
# Postfix offers SMTP AUTH, checked by Dovecot (any mailbox, password "secret").
#   servers.sh start DIR SMTP_PORT IMAP_PORT LMTP_PORT AUTH_PORT   (returns once both answer)
#   servers.sh stop DIR
set -euo pipefail
cmd=$1 dir=$2
case $cmd in
start)
    smtp=$3 imap=$4 lmtp=$5 auth=$6
    mkdir -p "$dir/dovecot/run" "$dir/dovecot/state" "$dir/mail" "$dir/postfix/conf"
    dir=$(cd "$dir" && pwd)
    # Postfix's and Dovecot's own users must reach their folders (mkdtemp makes 0700).
    chmod 755 "$dir"
    cat > "$dir/dovecot/dovecot.conf" <<CONF
base_dir = $dir/dovecot/run
state_dir = $dir/dovecot/state
instance_name = dovecot-$imap
log_path = $dir/dovecot/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
first_valid_gid = 1
default_login_user = dovenull
default_internal_user = dovecot
mail_location = maildir:$dir/mail/%d/%n
mail_uid = mail
mail_gid = mail
passdb {
  driver = static
  args = password=secret
}
userdb {
  driver = static
  args = home=$dir/mail/%d/%n
}
lmtp_save_to_detail_mailbox = no
recipient_delimiter = +
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $lmtp
  }
}
service auth {
  inet_listener {
    address = 127.0.0.1
    port = $auth
  }
}
protocol lmtp {
  auth_username_format = %Lu
}
CONF
    cat > "$dir/postfix/conf/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $dir/postfix/queue
data_directory = $dir/postfix/data
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mail.example.test
mydomain = example.test
myorigin = example.test
mydestination =
mynetworks = 127.0.0.0/8
virtual_mailbox_domains = example.test customer.test
virtual_transport = lmtp:inet:127.0.0.1:$lmtp
smtpd_relay_restrictions = permit_sasl_authenticated, permit_mynetworks, reject_unauth_destination
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:$auth
smtpd_tls_auth_only = no
alias_maps =
alias_database =
smtputf8_enable = no
recipient_delimiter = +
maillog_file_prefixes = /var, /dev/stdout, $dir
maillog_file = $dir/postfix/postfix.log
message_size_limit = 52428800
delay_warning_time = 0
CONF
    cat > "$dir/postfix/conf/master.cf" <<CONF
127.0.0.1:$smtp inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CONF
    chown mail:mail "$dir/mail"
    dovecot -c "$dir/dovecot/dovecot.conf" </dev/null >/dev/null 2>&1
    mkdir -p "$dir/postfix/queue" "$dir/postfix/data"
    chown postfix "$dir/postfix/data"
    postfix -c "$dir/postfix/conf" check </dev/null >"$dir/postfix/check.log" 2>&1 || true
    postfix -c "$dir/postfix/conf" start </dev/null >"$dir/postfix/start.log" 2>&1 || { cat "$dir/postfix/start.log" >&2; exit 1; }
    for _ in $(seq 1 100); do
        if (exec 3<>/dev/tcp/127.0.0.1/$smtp) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/$imap) 2>/dev/null; then
            exit 0
        fi
        sleep 0.1
    done
    echo "mail servers did not answer on $smtp and $imap" >&2
    exit 1
    ;;
stop)
    dir=$(cd "$dir" && pwd)
    postfix -c "$dir/postfix/conf" stop >/dev/null 2>&1 || true
    [ -f "$dir/dovecot/dovecot.conf" ] && doveadm -c "$dir/dovecot/dovecot.conf" stop >/dev/null 2>&1 || true
    ;;
esac
