#!/usr/bin/env bash
# The website widget's own small build (#18), beside the app's: dx builds the
# client with `--features widget-client` (its root renders the widget only),
# then this puts that build's page and code where the server finds them.
#   tools/widget-build.sh save  WEB_DIR SAVE_DIR   after the widget build
#   tools/widget-build.sh merge WEB_DIR SAVE_DIR   after the app's build
# WEB_DIR is dx's output (…/dx/chats/debug/web or …/release/web). The server
# reads WEB_DIR/widget/index.html at start (http::load_widget_pages).
set -euo pipefail
mode=$1 web=$2 save=$3
case $mode in
save)
    rm -rf "$save"
    cp -r "$web/public" "$save"
    ;;
merge)
    mkdir -p "$web/widget"
    if [ -d "$save/wasm" ]; then
        # A debug build names its code wasm/chats.js in both builds: the
        # widget's moves to widget-wasm/.
        rm -rf "$web/public/widget-wasm"
        cp -r "$save/wasm" "$web/public/widget-wasm"
        sed -i 's#/\./wasm/#/./widget-wasm/#g' "$web/public/widget-wasm/chats.js"
        sed 's#/\./wasm/#/./widget-wasm/#g; s#"/wasm/#"/widget-wasm/#g' "$save/index.html" > "$web/widget/index.html"
    else
        # A release build hashes every file's name: the two sets sit side by side.
        cp -rn "$save/assets/." "$web/public/assets/"
        cp "$save/index.html" "$web/widget/index.html"
    fi
    echo "[build] the widget's own build is in $web/widget (its code: $(grep -o 'src="[^"]*\.js"' "$web/widget/index.html" | head -1))"
    ;;
*)
    echo "usage: $0 save|merge WEB_DIR SAVE_DIR" >&2
    exit 2
    ;;
esac
