# The lecture's "Video-Chatting Server" (Homework 12.2), kept as written, adapted only where a test
# needs it: the webcam is replaced by generated frames, cv2.imshow by counting, the address and port
# come from the command line, and the run ends after a bounded number of frames or seconds.
import socket
import sys
import time
import cv2
import numpy
from queue import Queue
from _thread import *

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 9999
WANT = int(sys.argv[3]) if len(sys.argv) > 3 else 30
DEADLINE = time.time() + (float(sys.argv[4]) if len(sys.argv) > 4 else 30)
LINGER = 1.5  # seconds of sending and receiving after WANT frames arrived, so the peer gets frames too
received = []
stop = False

def recvall(sock, count):
    buf = b''
    while count:
        newbuf = sock.recv(count)
        if not newbuf: return None
        buf += newbuf
        count -= len(newbuf)
    return buf

def video_sendto_client(client_socket, addr, queue):
    print('Server::connected to ({} : {})'.format(addr[0], addr[1]), flush=True)
    while not stop:
        try:
            if not queue.empty():
                stringData = queue.get()
                client_socket.send(str(len(stringData)).ljust(16).encode())
                client_socket.send(stringData)
        except (ConnectionResetError, BrokenPipeError, OSError) as e:
            break

def generated_frame(n):  # replaces server_webcam.read()
    frame = numpy.zeros((240, 320, 3), dtype=numpy.uint8)
    frame[:, :, 1] = (n * 5) % 256
    cv2.putText(frame, 'py server %d' % n, (10, 120), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (255, 255, 255), 2)
    return True, frame

def video_chat_server(queue):
    n = 0
    while not stop:
        ret, serv_frame = generated_frame(n)
        n += 1
        encode_param = [int(cv2.IMWRITE_JPEG_QUALITY), 90]
        result, imgencode = cv2.imencode('.jpg', serv_frame, encode_param)
        img_data = numpy.array(imgencode)
        stringData = img_data.tobytes()
        queue.put(stringData)
        time.sleep(1 / 30)  # a webcam delivers ~30 fps; read() blocks until the next frame

def video_rcvfrom_client(client_socket):
    while not stop:
        length = recvall(client_socket, 16)
        if length is None: break
        stringData = recvall(client_socket, int(length))
        if stringData is None: break
        data = numpy.frombuffer(stringData, dtype='uint8')
        decimg = cv2.imdecode(data, 1)
        received.append(decimg.shape)  # replaces cv2.imshow

if __name__ == "__main__":
    enclosure_queue = Queue()
    server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server_socket.bind((HOST, PORT))
    server_socket.listen()
    print('Server::Video chatting server started', flush=True)
    start_new_thread(video_chat_server, (enclosure_queue,))
    print('Server::Waitint for client .... ', flush=True)
    server_socket.settimeout(max(1, DEADLINE - time.time()))
    client_socket, addr = server_socket.accept()
    print('Server::connected to ({}, {})'.format(client_socket, addr), flush=True)
    start_new_thread(video_sendto_client, (client_socket, addr, enclosure_queue,))
    start_new_thread(video_rcvfrom_client, (client_socket,))
    server_socket.close()
    while len(received) < WANT and time.time() < DEADLINE:
        time.sleep(0.05)
    time.sleep(min(LINGER, max(0, DEADLINE - time.time())))
    stop = True
    print('received %d frames %s' % (min(len(received), WANT), received[-1] if received else ''), flush=True)
    client_socket.close()
