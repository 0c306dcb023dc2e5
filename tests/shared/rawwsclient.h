#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>

//! \brief A WebSocket client on a bare QTcpSocket whose reading the test controls: it can stop
//! reading altogether (a stalled or dead peer) or read a few bytes at a time (a slow reader),
//! and it answers the server's pings only when it reads them, as a real client does.
class RawWsClient final : public QObject
{
    Q_OBJECT

public:
    explicit RawWsClient(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(RawWsClient)

    //! Connects to 127.0.0.1:\a port and upgrades on \a path; true once the 101 arrived.
    bool open(quint16 port, const QString &path = QStringLiteral("/ws"));
    //! Sends one masked text frame.
    void sendText(const QByteArray &text);
    //! Reads nothing from now on; the kernel's receive buffer is shrunk to \a kernelBuffer
    //! bytes (0: left as it is) so that what the server sends stays queued on its side.
    void stopReading(int kernelBuffer = 4096);
    //! Reads at most \a bytes every \a intervalMs (0 bytes: everything, at once).
    void readSlowly(qint64 bytes, int intervalMs);

    [[nodiscard]] QTcpSocket &socket() { return m_socket; }
    [[nodiscard]] int textFrames() const { return m_textFrames; }
    [[nodiscard]] const QByteArray &lastText() const { return m_lastText; }
    [[nodiscard]] int pingsAnswered() const { return m_pings; }
    [[nodiscard]] bool closeReceived() const { return m_closeCode >= 0; }
    [[nodiscard]] int closeCode() const { return m_closeCode; }
    [[nodiscard]] const QByteArray &closeReason() const { return m_closeReason; }
    //! The connection ended and everything it delivered has been read: a slow reader's socket
    //! goes unconnected as soon as it meets the end of the stream, with up to a read's worth
    //! still in its buffer (perhaps the close frame).
    [[nodiscard]] bool disconnected() const
    {
        return m_socket.state() == QAbstractSocket::UnconnectedState
            && m_socket.bytesAvailable() == 0;
    }

private:
    void pump();
    void parseFrames();
    void writeFrame(quint8 opcode, const QByteArray &payload);

    QTcpSocket m_socket;
    QTimer m_readTimer;
    QByteArray m_in;
    qint64 m_chunk = 0; //!< bytes per read; 0 = all
    bool m_reading = true;
    int m_textFrames = 0;
    QByteArray m_lastText;
    int m_pings = 0;
    int m_closeCode = -1;
    QByteArray m_closeReason;
};
