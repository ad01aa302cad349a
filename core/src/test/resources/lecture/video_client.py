# The lecture's "Video-chatting Client" (Homework 12.2), kept as written, adapted only where a test
# needs it: the webcam is replaced by generated frames, cv2.imshow by counting, the server address
# comes from the command line instead of input(), and the run ends after a bounded number of frames
# or seconds.
import socket
import sys
import time
import numpy as np
import cv2
from queue import Queue
from _thread import *

HOST = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 9999
WANT = int(sys.argv[3]) if len(sys.argv) > 3 else 30
DEADLINE = time.time() + (float(sys.argv[4]) if len(sys.argv) > 4 else 30)
LINGER = 1.5  # seconds of sending and receiving after WANT frames arrived, so the peer gets frames too
stop = False

def recvall(sock, count):
    buf = b''
    while count:
        newbuf = sock.recv(count)
        if not newbuf: return None
        buf += newbuf
        count -= len(newbuf)
    return buf

def video_sendto_server(client_socket, queue):
    while not stop:
        try:
            if not queue.empty():
                stringData = queue.get()
                client_socket.send(str(len(stringData)).ljust(16).encode())
                client_socket.send(stringData)
        except (ConnectionResetError, BrokenPipeError, OSError) as e:
            break

def generated_frame(n):  # replaces client_webcam.read()
    frame = np.zeros((240, 320, 3), dtype=np.uint8)
    frame[:, :, 2] = (n * 5) % 256
    cv2.putText(frame, 'py client %d' % n, (10, 120), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (255, 255, 255), 2)
    return True, frame

def video_chat_client(queue):
    n = 0
    while not stop:
        ret, frame = generated_frame(n)
        n += 1
        encode_param = [int(cv2.IMWRITE_JPEG_QUALITY), 90]
        result, imgencode = cv2.imencode('.jpg', frame, encode_param)
        img_data = np.array(imgencode)
        stringData = img_data.tobytes()
        queue.put(stringData)
        time.sleep(1 / 30)  # a webcam delivers ~30 fps

if __name__ == "__main__":
    enclosure_queue = Queue()
    print('Client::Connecting to Server', flush=True)
    client_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    client_socket.connect((HOST, PORT))
    client_socket.settimeout(max(1, DEADLINE - time.time()))
    print('Client::Connected to Server({}:{})'.format(HOST, PORT), flush=True)
    start_new_thread(video_chat_client, (enclosure_queue,))
    start_new_thread(video_sendto_server, (client_socket, enclosure_queue,))
    received = []
    enough_at = None
    while time.time() < DEADLINE and (enough_at is None or time.time() < enough_at + LINGER):
        length = recvall(client_socket, 16)
        if length is None: break
        stringData = recvall(client_socket, int(length))
        if stringData is None: break
        data = np.frombuffer(stringData, dtype='uint8')
        decimg = cv2.imdecode(data, 1)
        received.append(decimg.shape)  # replaces cv2.imshow
        if len(received) >= WANT and enough_at is None:
            enough_at = time.time()
    stop = True
    print('received %d frames %s' % (min(len(received), WANT), received[-1] if received else ''), flush=True)
    client_socket.close()
