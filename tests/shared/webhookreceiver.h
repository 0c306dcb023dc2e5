#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

//! \brief A webhook receiver on loopback for tests: a small real HTTP server that records
//! every request it reads and answers as told (accept, fail, stall, or be down altogether).
class WebhookReceiver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookReceiver)

public:
    enum class Mode {
        Accept, //!< 200
        Fail, //!< 500
        Stall, //!< read the request, never answer (the sender's timeout decides)
    };

    //! \brief One request as it arrived.
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; //!< lowercase names
        QByteArray body;
        Mode answeredWith = Mode::Accept;
    };

    explicit WebhookReceiver(QObject *parent = nullptr);

    //! Listens on 127.0.0.1:\a port (0 = any); false when it cannot.
    bool listen(quint16 port = 0);
    //! Stops listening and drops every open connection: the endpoint is down.
    void goDown();
    [[nodiscard]] quint16 port() const { return m_port; }
    void setMode(Mode mode) { m_mode = mode; }

    [[nodiscard]] const QList<Request> &requests() const { return m_requests; }
    //! The requests answered 200.
    [[nodiscard]] QList<Request> accepted() const;
    //! Requests still waiting for an answer (stalled).
    [[nodiscard]] int stalled() const;

private:
    void onReadyRead(QTcpSocket *socket);

    QTcpServer m_server;
    quint16 m_port = 0;
    Mode m_mode = Mode::Accept;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<QPointer<QTcpSocket>> m_stalled;
};
