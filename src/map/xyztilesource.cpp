#include "xyztilesource.h"

#include <QNetworkDiskCache>
#include <QNetworkReply>
#include <QPointer>
#include <QUrl>

#include "core/logging.h"

using namespace Qt::StringLiterals;

namespace Ops {

XyzTileSource::XyzTileSource(XyzTileSettings settings, QObject *parent)
    : TileSource(parent)
    , m_settings(std::move(settings))
{
    if (!m_settings.cacheDirectory.isEmpty()) {
        auto *cache = new QNetworkDiskCache(&m_network);
        cache->setCacheDirectory(m_settings.cacheDirectory);
        cache->setMaximumCacheSize(m_settings.cacheBytes);
        m_network.setCache(cache);
    }
    m_network.setTransferTimeout(int(m_settings.timeout.count()));
}

XyzTileSource::~XyzTileSource() = default;

QString XyzTileSource::name() const
{
    return QUrl(m_settings.urlTemplate).host();
}

qint64 XyzTileSource::diskCacheBytes() const
{
    const auto *cache = qobject_cast<QNetworkDiskCache *>(m_network.cache());
    return cache ? cache->cacheSize() : 0;
}

QString XyzTileSource::checkTemplate(const QString &urlTemplate)
{
    const QUrl url(urlTemplate);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1))
        return u"must be an http:// or https:// URL"_s;
    for (const auto part : { "{z}"_L1, "{x}"_L1, "{y}"_L1 }) {
        if (!urlTemplate.contains(part))
            return u"has no %1 (e.g. https://tile.example.org/{z}/{x}/{y}.png)"_s.arg(part);
    }
    return {};
}

QUrl XyzTileSource::urlOf(const TileId &tile) const
{
    QString url = m_settings.urlTemplate;
    url.replace("{z}"_L1, QString::number(tile.z))
        .replace("{x}"_L1, QString::number(tile.x))
        .replace("{y}"_L1, QString::number(tile.y));
    return QUrl(url);
}

void XyzTileSource::request(const TileId &tile)
{
    QNetworkRequest request(urlOf(tile));
    request.setHeader(QNetworkRequest::UserAgentHeader,
        u"opsboard/%1 (dispatch dashboard)"_s.arg(QLatin1StringView(OPS_VERSION)));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::PreferCache);
    QPointer<QNetworkReply> reply = m_network.get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, tile] {
        if (!reply)
            return;
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 404) {
            Q_EMIT tileLoaded(tile, QImage());
            return;
        }
        if (reply->error() != QNetworkReply::NoError) {
            QString reason;
            if (reply->error() == QNetworkReply::OperationCanceledError)
                reason = u"no answer within %1 s"_s.arg(
                    QString::number(double(m_settings.timeout.count()) / 1000.0));
            else if (status >= 400)
                reason = u"HTTP %1"_s.arg(status);
            else
                reason = reply->errorString();
            qCDebug(lcMap) << "tile" << reply->url().toDisplayString() << "failed:" << reason;
            Q_EMIT tileFailed(tile, reason);
            return;
        }
        QImage image;
        if (!image.loadFromData(reply->readAll())) {
            Q_EMIT tileFailed(tile, u"not an image"_s);
            return;
        }
        Q_EMIT tileLoaded(tile, image);
    });
}

} // namespace Ops
