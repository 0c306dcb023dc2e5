#pragma once

#include <chrono>

#include <QHash>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

//! \brief An XYZ raster tile server on loopback for tests: answers `GET /<z>/<x>/<y>.png` with
//! TileFixture's street tiles, and can be slow, fail or hang on demand.
class FakeTileServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeTileServer)

public:
    enum class Mode {
        Fast, //!< the tile at once (404 outside zoom 0..19)
        Slow, //!< the tile after delay()
        Failing, //!< HTTP 500
        Hang, //!< reads the request and never answers
    };
    Q_ENUM(Mode)

    explicit FakeTileServer(QObject *parent = nullptr);
    ~FakeTileServer() override;

    //! Listens on 127.0.0.1, a free port.
    bool listen();
    //! `http://127.0.0.1:<port>/{z}/{x}/{y}.png`
    [[nodiscard]] QString urlTemplate() const;
    void setMode(Mode mode) { m_mode = mode; }
    void setDelay(std::chrono::milliseconds delay) { m_delay = delay; }
    [[nodiscard]] int requests() const { return m_requests; }
    [[nodiscard]] QString lastPath() const { return m_lastPath; }

private:
    void onConnection();

    QTcpServer m_server;
    QHash<QObject *, QByteArray> m_buffers;
    Mode m_mode = Mode::Fast;
    std::chrono::milliseconds m_delay { 0 };
    int m_requests = 0;
    QString m_lastPath;
};
