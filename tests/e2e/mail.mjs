// A real mail system on loopback for the e-mail tests (#16): Postfix and
// Dovecot from tests/mail/servers.sh, a customer's SMTP client, and the
// customer's mailbox read with doveadm.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { freePort } from './harness.mjs';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'mail', 'servers.sh');

/** Postfix (SMTP with AUTH) and Dovecot (IMAP) on free loopback ports. */
export async function startMail() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chats-mail-'));
  const [smtp, imap, lmtp, auth] = [await freePort(), await freePort(), await freePort(), await freePort()];
  execFileSync('bash', [script, 'start', dir, String(smtp), String(imap), String(lmtp), String(auth)], { stdio: 'inherit' });
  const conf = path.join(dir, 'dovecot', 'dovecot.conf');
  const postfix = path.join(dir, 'postfix', 'conf');
  return {
    smtp,
    imap,
    stopSmtp: () => execFileSync('postfix', ['-c', postfix, 'stop'], { stdio: 'ignore' }),
    startSmtp: () => execFileSync('postfix', ['-c', postfix, 'start'], { stdio: 'ignore' }),
    /** Every mail in `user`'s INBOX: its headers and decoded text snippet. */
    inbox(user) {
      let out;
      try {
        out = execFileSync('doveadm', ['-c', conf, '-f', 'pager', 'fetch', '-u', user, 'hdr body.snippet', 'mailbox', 'INBOX', 'all'], { encoding: 'utf8' });
      } catch {
        return [];
      }
      return out.split('\f').map((m) => m.trim()).filter((m) => m.length > 0);
    },
    stop() {
      execFileSync('bash', [script, 'stop', dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A customer's server hands `raw` to Postfix (no AUTH), from `from` ("" for a bounce). */
export function deliver(port, from, to, raw) {
  const body = raw.replace(/\r?\n/g, '\r\n').split('\r\n').map((l) => (l.startsWith('.') ? `.${l}` : l)).join('\r\n');
  const steps = [null, 'EHLO customer.test', `MAIL FROM:<${from}>`, `RCPT TO:<${to}>`, 'DATA', `${body}\r\n.`, 'QUIT'];
  const expect = ['220', '250', '250', '250', '354', '250', '221'];
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = '';
    let step = 0;
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (line[3] === '-') continue;
        if (!line.startsWith(expect[step])) {
          socket.destroy();
          reject(new Error(`SMTP: expected ${expect[step]}, got ${line}`));
          return;
        }
        step += 1;
        if (step === steps.length) {
          socket.end();
          resolve();
          return;
        }
        socket.write(`${steps[step]}\r\n`);
      }
    });
    socket.on('error', reject);
  });
}
