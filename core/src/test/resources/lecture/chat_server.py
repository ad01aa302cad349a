# The lecture's "Socket Chat" TCP server role (Homework 12.1) without the tkinter window: the same
# socket logic (bind, listen(1), accept, recv(512) loop, send of the input text with its trailing
# newline), with the window's display replaced by printing each received message on its own line
# as ">> message", and the send button replaced by lines read from standard input.
import socket
import sys
import threading

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
SocketChat_PortNumber = int(sys.argv[2]) if len(sys.argv) > 2 else 24000

servSock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
servSock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
servSock.bind((HOST, SocketChat_PortNumber))
print("TCP server is waiting for a client .... ", flush=True)
servSock.listen(1)
servSock.settimeout(30)
conn, cliAddr = servSock.accept()
conn.settimeout(30)
print("TCP server is connected to client", flush=True)

def serv_send():  # the "Send Message to Client" button, once per input line
    for msgToCli in sys.stdin:
        conn.send(bytes(msgToCli.encode()))

threading.Thread(target=serv_send, daemon=True).start()
while True:
    try:
        servRecvMsg = conn.recv(512).decode()
    except (socket.timeout, ConnectionResetError):
        break
    if not servRecvMsg:
        break
    sys.stdout.write(">> " + servRecvMsg)
    sys.stdout.flush()
conn.close()
print("closed", flush=True)
