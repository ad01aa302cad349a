# The lecture's "Socket Chat" TCP client role (Homework 12.1) without the tkinter window: the same
# socket logic (connect, recv(8192) loop, send of the input text with its trailing newline), with
# the display replaced by printing ">> message" and the send button by lines from standard input.
import socket
import sys
import threading

servAddr_str = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
SocketChat_PortNumber = int(sys.argv[2]) if len(sys.argv) > 2 else 24000

cliSock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
cliSock.connect((servAddr_str, SocketChat_PortNumber))
cliSock.settimeout(30)
print("TCP client is connected to server", flush=True)

def cli_send():  # the "Send Message to Server" button, once per input line
    for msgToServer in sys.stdin:
        cliSock.send(bytes(msgToServer.encode()))

threading.Thread(target=cli_send, daemon=True).start()
while True:
    try:
        cliRecvMsg = cliSock.recv(8192).decode()
    except (socket.timeout, ConnectionResetError):
        break
    if not cliRecvMsg:
        break
    sys.stdout.write(">> " + cliRecvMsg)
    sys.stdout.flush()
cliSock.close()
print("closed", flush=True)
