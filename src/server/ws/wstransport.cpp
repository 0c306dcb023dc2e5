#include "wstransport.h"

#include <QSocketNotifier>
#include <QSslSocket>
#include <QTcpSocket>

#ifdef Q_OS_LINUX
#include <cerrno>

#include <linux/sockios.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#endif

namespace Ops::Ws {
namespace {

//! How much a SocketTransport hands to its QTcpSocket's own buffer at a time.
constexpr qint64 kSocketBuffer = 64 * 1024;

} // namespace

void SendQueue::push(const QByteArray &frame)
{
    if (frame.isEmpty())
        return;
    m_frames.append(frame);
    m_bytes += frame.size();
}

int SendQueue::chunks(Chunk *out, int max) const
{
    int n = 0;
    for (qsizetype i = m_head; i < m_frames.size() && n < max; ++i, ++n) {
        const QByteArray &f = m_frames.at(i);
        const qint64 skip = i == m_head ? m_offset : 0;
        out[n] = { f.constData() + skip, f.size() - skip };
    }
    return n;
}

void SendQueue::consume(qint64 bytes)
{
    m_sent += bytes;
    m_bytes -= bytes;
    while (bytes > 0) {
        const qint64 left = m_frames.at(m_head).size() - m_offset;
        if (bytes < left) {
            m_offset += bytes;
            break;
        }
        bytes -= left;
        m_frames[m_head] = QByteArray(); // release our reference at once
        ++m_head;
        m_offset = 0;
    }
    if (m_head == m_frames.size()) {
        // Drained: an idle session holds no list at all.
        m_frames = QList<QByteArray>();
        m_head = 0;
    } else if (m_head >= 64 && m_head * 2 >= m_frames.size()) {
        m_frames.remove(0, m_head);
        m_head = 0;
    }
}

qint64 SendQueue::dropUnsent()
{
    const qsizetype keep = m_offset > 0 ? m_head + 1 : m_head;
    qint64 dropped = 0;
    for (qsizetype i = keep; i < m_frames.size(); ++i)
        dropped += m_frames.at(i).size();
    m_frames.resize(keep);
    m_bytes -= dropped;
    if (m_bytes == 0) {
        m_frames = QList<QByteArray>();
        m_head = 0;
        m_offset = 0;
    }
    return dropped;
}

Transport::~Transport() = default;

#ifdef Q_OS_LINUX
Poller::Poller(QObject *context, std::function<void(quint64, bool, bool)> onEvents)
    : m_epoll(::epoll_create1(EPOLL_CLOEXEC))
    , m_onEvents(std::move(onEvents))
{
    if (m_epoll < 0)
        return;
    m_notifier = std::make_unique<QSocketNotifier>(m_epoll, QSocketNotifier::Read);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, context, [this] { poll(); });
}

Poller::~Poller()
{
    m_notifier.reset();
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool Poller::add(int fd, quint64 id)
{
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.u64 = id;
    return ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) == 0;
}

void Poller::setWriteInterest(int fd, quint64 id, bool wanted)
{
    epoll_event event {};
    event.events = EPOLLIN | (wanted ? EPOLLOUT : 0u);
    event.data.u64 = id;
    ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event);
}

void Poller::remove(int fd)
{
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
}

void Poller::poll()
{
    epoll_event events[256];
    // A few rounds at most: the event loop must get to the worker's tasks and timers too (the
    // notifier fires again while something is left).
    for (int round = 0; round < 8; ++round) {
        const int n = ::epoll_wait(m_epoll, events, 256, 0);
        for (int i = 0; i < n; ++i) {
            const quint32 e = events[i].events;
            m_onEvents(
                events[i].data.u64, e & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP), e & EPOLLOUT);
        }
        if (n < 256)
            return;
    }
}

FdTransport::FdTransport(int fd, Poller &poller, quint64 id)
    : m_fd(fd)
    , m_poller(poller)
    , m_id(id)
{
    m_valid = m_poller.add(m_fd, m_id);
}

FdTransport::~FdTransport()
{
    if (m_valid)
        m_poller.remove(m_fd);
    ::close(m_fd);
}

qint64 FdTransport::write(SendQueue &queue)
{
    constexpr int kMax = 64;
    qint64 total = 0;
    SendQueue::Chunk chunks[kMax];
    iovec iov[kMax];
    while (!queue.isEmpty()) {
        const int n = queue.chunks(chunks, kMax);
        qint64 wanted = 0;
        for (int i = 0; i < n; ++i) {
            iov[i].iov_base = const_cast<char *>(chunks[i].data);
            iov[i].iov_len = size_t(chunks[i].size);
            wanted += chunks[i].size;
        }
        msghdr message {};
        message.msg_iov = iov;
        message.msg_iovlen = size_t(n);
        const ssize_t written = ::sendmsg(m_fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return total;
            return total > 0 ? total : -1;
        }
        queue.consume(written);
        total += written;
        if (written < wanted)
            return total; // the kernel's buffer is full
    }
    return total;
}

qint64 FdTransport::read(char *buffer, qint64 size)
{
    for (;;) {
        const ssize_t n = ::recv(m_fd, buffer, size_t(size), MSG_DONTWAIT);
        if (n > 0)
            return n;
        if (n == 0)
            return -1;
        if (errno == EINTR)
            continue;
        return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
    }
}

void FdTransport::setWriteInterest(bool wanted)
{
    if (wanted == m_writeInterest || !m_valid)
        return;
    m_writeInterest = wanted;
    m_poller.setWriteInterest(m_fd, m_id, wanted);
}

qint64 FdTransport::unacknowledged() const
{
    int pending = 0;
    if (::ioctl(m_fd, SIOCOUTQ, &pending) != 0)
        return -1;
    return pending;
}

void FdTransport::shutdownWrite()
{
    ::shutdown(m_fd, SHUT_WR);
}
#endif

SocketTransport::SocketTransport(QTcpSocket *socket, QObject *context,
    std::function<void()> onReadable, std::function<void()> onWritable,
    std::function<void()> onBroken)
    : m_socket(socket)
{
    QObject::connect(socket, &QTcpSocket::readyRead, context, onReadable);
    QObject::connect(socket, &QTcpSocket::bytesWritten, context, onWritable);
    if (auto *tls = qobject_cast<QSslSocket *>(socket))
        QObject::connect(tls, &QSslSocket::encryptedBytesWritten, context, onWritable);
    // Queued: the session must not go while the socket is still inside its own signal.
    QObject::connect(socket, &QTcpSocket::disconnected, context, onBroken, Qt::QueuedConnection);
    QObject::connect(socket, &QTcpSocket::errorOccurred, context, onBroken, Qt::QueuedConnection);
}

SocketTransport::~SocketTransport()
{
    if (!m_socket)
        return;
    m_socket->disconnect();
    m_socket->abort();
    m_socket->deleteLater();
}

qint64 SocketTransport::write(SendQueue &queue)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return -1;
    qint64 total = 0;
    SendQueue::Chunk chunk;
    while (m_socket->bytesToWrite() < kSocketBuffer && queue.chunks(&chunk, 1) == 1) {
        const qint64 written =
            m_socket->write(chunk.data, qMin(chunk.size, kSocketBuffer - m_socket->bytesToWrite()));
        if (written <= 0)
            return total > 0 ? total : -1;
        queue.consume(written);
        total += written;
    }
    return total;
}

qint64 SocketTransport::read(char *buffer, qint64 size)
{
    if (!m_socket)
        return -1;
    const qint64 n = m_socket->read(buffer, size);
    if (n > 0)
        return n;
    return m_socket->state() == QAbstractSocket::ConnectedState && n == 0 ? 0 : -1;
}

qint64 SocketTransport::unacknowledged() const
{
    if (!m_socket)
        return -1;
    qint64 pending = m_socket->bytesToWrite();
    if (const auto *tls = qobject_cast<const QSslSocket *>(m_socket.data()))
        pending += tls->encryptedBytesToWrite();
#ifdef Q_OS_LINUX
    int kernel = 0;
    if (m_socket->socketDescriptor() >= 0
        && ::ioctl(int(m_socket->socketDescriptor()), SIOCOUTQ, &kernel) == 0)
        pending += kernel;
#endif
    return pending;
}

} // namespace Ops::Ws
