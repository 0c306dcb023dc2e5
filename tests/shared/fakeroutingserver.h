#pragma once

#include <chrono>

#include <QHash>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

//! \brief An OSRM-compatible routing service on loopback for tests: answers
//! `GET /table/v1/<profile>/<lon,lat;…>?sources=…&destinations=…` with a duration table computed
//! from the straight line at speedKmh(), and can be slow, fail or answer wrongly on demand.
class FakeRoutingServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeRoutingServer)

public:
    enum class Mode {
        Fast, //!< a correct table at once
        Slow, //!< a correct table after delay()
        Failing, //!< HTTP 500 with an OSRM error body
        Garbage, //!< HTTP 200 with a body that is not JSON
        WrongShape, //!< a table with one row too few
        NotOk, //!< `{"code":"NoTable"}` with HTTP 200
        TooFast, //!< every duration 1 s (no road is that fast over kilometres)
        Hang, //!< reads the request and never answers
    };
    Q_ENUM(Mode)

    explicit FakeRoutingServer(QObject *parent = nullptr);
    //! Closes the connections still open while what they use is still there.
    ~FakeRoutingServer() override;

    //! Listens on 127.0.0.1, a free port.
    bool listen();
    [[nodiscard]] QUrl url() const;
    void setMode(Mode mode) { m_mode = mode; }
    void setDelay(std::chrono::milliseconds delay) { m_delay = delay; }
    //! Speed of the answers: straight line ÷ this (default 30 km/h).
    void setSpeedKmh(double speed) { m_speedKmh = speed; }
    [[nodiscard]] double speedKmh() const { return m_speedKmh; }
    //! Requests received so far, and the last one's path and query.
    [[nodiscard]] int requests() const { return m_requests; }
    [[nodiscard]] QString lastPath() const { return m_lastPath; }
    [[nodiscard]] QString lastQuery() const { return m_lastQuery; }
    //! Seconds the answer gives for a straight line of \a km.
    [[nodiscard]] double secondsFor(double km) const { return km / m_speedKmh * 3600.0; }

private:
    void onConnection();
    [[nodiscard]] QByteArray answer(const QByteArray &target, int *status);

    QTcpServer m_server;
    QHash<QObject *, QByteArray> m_buffers; //!< per connection: bytes of an unfinished head
    Mode m_mode = Mode::Fast;
    std::chrono::milliseconds m_delay { 0 };
    double m_speedKmh = 30;
    int m_requests = 0;
    QString m_lastPath;
    QString m_lastQuery;
};
