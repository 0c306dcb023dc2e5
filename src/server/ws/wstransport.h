#pragma once

#include <functional>
#include <memory>

#include <QByteArray>
#include <QList>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QObject;
class QSocketNotifier;
class QTcpSocket;
QT_END_NAMESPACE

namespace Ops::Ws {

//! \brief What one session still has to send: whole frames, each shared with every other
//! session that sends the same bytes (an event is serialised once per server, not once per
//! session), and how far into the first one the socket got.
class SendQueue
{
public:
    //! \brief A run of unsent bytes.
    struct Chunk
    {
        const char *data = nullptr;
        qint64 size = 0;
    };

    void push(const QByteArray &frame);
    //! Unsent bytes.
    [[nodiscard]] qint64 bytes() const { return m_bytes; }
    [[nodiscard]] bool isEmpty() const { return m_bytes == 0; }
    //! Stream position just after the last queued byte (bytes ever queued and not dropped).
    [[nodiscard]] qint64 queuedTotal() const { return m_sent + m_bytes; }
    //! Stream position of the next byte to send (bytes ever sent).
    [[nodiscard]] qint64 sentTotal() const { return m_sent; }
    //! Up to \a max runs of unsent bytes, in order; returns how many.
    int chunks(Chunk *out, int max) const;
    //! The first \a bytes were sent.
    void consume(qint64 bytes);
    //! Drops every frame not begun (one half sent is kept, so the stream stays whole); returns
    //! the bytes dropped.
    qint64 dropUnsent();

private:
    QList<QByteArray> m_frames;
    qsizetype m_head = 0; //!< first frame not fully sent
    qint64 m_offset = 0; //!< bytes of m_frames[m_head] already sent
    qint64 m_bytes = 0;
    qint64 m_sent = 0;
};

//! \brief One session's connection: a plain socket the worker reads and writes itself, or a
//! QTcpSocket (TLS, or a platform without the plain path) moved into the worker's thread.
class Transport
{
public:
    Transport() = default;
    Transport(const Transport &) = delete;
    Transport &operator=(const Transport &) = delete;
    virtual ~Transport();

    //! Writes from \a queue (and takes what went out of it) as far as the connection takes it
    //! without blocking; returns the bytes written, or -1 when the connection broke.
    virtual qint64 write(SendQueue &queue) = 0;
    //! Reads into \a buffer: bytes read, 0 when nothing is waiting, -1 at the end of the
    //! stream or on an error.
    virtual qint64 read(char *buffer, qint64 size) = 0;
    //! Whether the worker wants to hear when the connection takes bytes again.
    virtual void setWriteInterest(bool wanted) = 0;
    //! Bytes written that the peer has not acknowledged yet (in this process's buffers or the
    //! kernel's); -1 when the platform cannot say.
    [[nodiscard]] virtual qint64 unacknowledged() const = 0;
    //! Nothing more will be written: the peer reads the end of the stream after what was.
    virtual void shutdownWrite() = 0;
};

#ifdef Q_OS_LINUX
//! \brief The worker's epoll set: one notifier in the worker's event loop stands for every
//! socket of the worker, so a wake-up costs the same with ten thousand sockets as with one.
class Poller
{
public:
    //! \a onEvents(id, readable, writable) for every socket with something to report (hang-ups
    //! and errors count as readable: the read finds them).
    Poller(QObject *context, std::function<void(quint64, bool, bool)> onEvents);
    ~Poller();
    Poller(const Poller &) = delete;
    Poller &operator=(const Poller &) = delete;

    [[nodiscard]] bool isValid() const { return m_epoll >= 0; }
    bool add(int fd, quint64 id);
    void setWriteInterest(int fd, quint64 id, bool wanted);
    void remove(int fd);

private:
    void poll();

    int m_epoll = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    std::function<void(quint64, bool, bool)> m_onEvents;
};

//! \brief A plain TCP connection the worker reads and writes with system calls: writes gather
//! the queued frames (sendmsg), readiness comes from the Poller.
class FdTransport final : public Transport
{
public:
    //! Takes over \a fd (non-blocking); false from isValid() when it cannot be watched.
    FdTransport(int fd, Poller &poller, quint64 id);
    ~FdTransport() override;

    [[nodiscard]] bool isValid() const { return m_valid; }
    qint64 write(SendQueue &queue) override;
    qint64 read(char *buffer, qint64 size) override;
    void setWriteInterest(bool wanted) override;
    [[nodiscard]] qint64 unacknowledged() const override;
    void shutdownWrite() override;

private:
    int m_fd;
    Poller &m_poller;
    quint64 m_id;
    bool m_valid = false;
    bool m_writeInterest = false;
};
#endif

//! \brief A QTcpSocket (or QSslSocket) that lives in the worker's thread; its signals call the
//! worker back. Frames go into the socket's own buffer in steps of at most 64 KiB, so the
//! backlog stays in the session's queue where the limits see it.
class SocketTransport final : public Transport
{
public:
    //! Takes ownership of \a socket. \a context is the worker the callbacks run on.
    SocketTransport(QTcpSocket *socket, QObject *context, std::function<void()> onReadable,
        std::function<void()> onWritable, std::function<void()> onBroken);
    ~SocketTransport() override;

    qint64 write(SendQueue &queue) override;
    qint64 read(char *buffer, qint64 size) override;
    void setWriteInterest(bool) override { }
    [[nodiscard]] qint64 unacknowledged() const override;
    void shutdownWrite() override { }

private:
    QPointer<QTcpSocket> m_socket;
};

} // namespace Ops::Ws
