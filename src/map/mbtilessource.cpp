#include "mbtilessource.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include "core/logging.h"
#include "webmercator.h"

using namespace Qt::StringLiterals;

namespace Ops {

//! The worker: owns the connection, which is only ever used on its thread.
class MbTilesReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MbTilesReader)

public:
    explicit MbTilesReader(QString path)
        : m_path(std::move(path))
        , m_connection(u"ops-mbtiles-%1"_s.arg(s_next.fetchAndAddRelaxed(1)))
    { }

    void open()
    {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
            db.setDatabaseName(m_path);
            db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
            if (!QFileInfo::exists(m_path)) {
                Q_EMIT failed(u"%1 does not exist"_s.arg(m_path));
                return;
            }
            if (!db.open()) {
                Q_EMIT failed(db.lastError().text());
                return;
            }
            if (!db.tables().contains(u"tiles"_s)) {
                Q_EMIT failed(u"%1 is no MBTiles file (it has no tiles table)"_s.arg(m_path));
                return;
            }
        }
        m_open = true;
        QString attribution;
        int minZoom = 0;
        int maxZoom = 19;
        QSqlQuery meta(QSqlDatabase::database(m_connection, false));
        if (meta.exec(u"SELECT name, value FROM metadata"_s)) {
            while (meta.next()) {
                const QString key = meta.value(0).toString();
                const QString value = meta.value(1).toString();
                if (key == "attribution"_L1)
                    attribution = value;
                else if (key == "minzoom"_L1)
                    minZoom = value.toInt();
                else if (key == "maxzoom"_L1)
                    maxZoom = value.toInt();
            }
        }
        Q_EMIT opened(attribution, minZoom, maxZoom);
    }

    void read(const Ops::TileId &tile)
    {
        if (!m_open)
            return Q_EMIT tileFailed(tile, u"the file is not open"_s);
        QSqlQuery query(QSqlDatabase::database(m_connection, false));
        query.prepare(u"SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                      u"AND tile_row = ?"_s);
        query.addBindValue(tile.z);
        query.addBindValue(tile.x);
        query.addBindValue(WebMercator::tmsRow(tile.z, tile.y));
        if (!query.exec())
            return Q_EMIT tileFailed(tile, query.lastError().text());
        if (!query.next())
            return Q_EMIT tileLoaded(tile, QImage()); // outside the file's area
        QImage image;
        if (!image.loadFromData(query.value(0).toByteArray()))
            return Q_EMIT tileFailed(
                tile, u"tile %1/%2/%3 is not an image"_s.arg(tile.z).arg(tile.x).arg(tile.y));
        Q_EMIT tileLoaded(tile, image);
    }

    void close()
    {
        m_open = false;
        if (QSqlDatabase::contains(m_connection)) {
            QSqlDatabase::database(m_connection, false).close();
            QSqlDatabase::removeDatabase(m_connection);
        }
    }

Q_SIGNALS:
    void opened(const QString &attribution, int minZoom, int maxZoom);
    void failed(const QString &reason);
    void tileLoaded(const Ops::TileId &tile, const QImage &image);
    void tileFailed(const Ops::TileId &tile, const QString &reason);

private:
    static inline QAtomicInteger<int> s_next { 0 };
    QString m_path;
    QString m_connection;
    bool m_open = false;
};

MbTilesSource::MbTilesSource(const QString &path, const QString &attribution, QObject *parent)
    : TileSource(parent)
    , m_name(QFileInfo(path).fileName())
    , m_attribution(attribution)
    , m_reader(new MbTilesReader(path))
{
    qRegisterMetaType<Ops::TileId>();
    m_thread.setObjectName(u"mbtiles"_s);
    m_reader->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_reader, &QObject::deleteLater);
    connect(m_reader, &MbTilesReader::opened, this, &MbTilesSource::onOpened);
    connect(m_reader, &MbTilesReader::failed, this, &TileSource::sourceFailed);
    connect(m_reader, &MbTilesReader::tileLoaded, this, &TileSource::tileLoaded);
    connect(m_reader, &MbTilesReader::tileFailed, this, &TileSource::tileFailed);
    m_thread.start();
    QMetaObject::invokeMethod(m_reader, &MbTilesReader::open, Qt::QueuedConnection);
}

MbTilesSource::~MbTilesSource()
{
    QMetaObject::invokeMethod(m_reader, &MbTilesReader::close, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void MbTilesSource::request(const TileId &tile)
{
    QMetaObject::invokeMethod(
        m_reader, [reader = m_reader, tile] { reader->read(tile); }, Qt::QueuedConnection);
}

QString MbTilesSource::attribution() const
{
    return m_attribution.isEmpty() ? m_fileAttribution : m_attribution;
}

void MbTilesSource::onOpened(const QString &attribution, int minZoom, int maxZoom)
{
    m_fileAttribution = attribution;
    m_minZoom = minZoom;
    m_maxZoom = std::max(minZoom, maxZoom);
    qCInfo(lcMap) << "MBTiles" << m_name << "zoom" << m_minZoom << "to" << m_maxZoom;
    Q_EMIT metadataChanged();
}

} // namespace Ops

#include "mbtilessource.moc"
