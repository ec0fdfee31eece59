package io.pushforwarder.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay that can cut the network between one client and its server while both stay up: during a
 * {@link #partition()} every byte in either direction is dropped, as a broken link drops it, and no socket is closed.
 * The client notices only by its own timeouts, the server only by the silence: a real network partition, which
 * stopping the server cannot show.
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean partitioned;

    public TcpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("relay-accept-" + port(), this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String connectString() {
        return "127.0.0.1:" + port();
    }

    public void partition() {
        partitioned = true;
    }

    public void heal() {
        partitioned = false;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                daemon("relay-up-" + client.getPort(), () -> pump(client, upstream));
                daemon("relay-down-" + client.getPort(), () -> pump(upstream, client));
            } catch (IOException e) {
                // closed, or the server is down: the client sees a refused or dropped connection
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (!partitioned) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side closed; closing both ends the relayed connection
        } finally {
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
