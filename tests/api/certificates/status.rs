//! The signed status list is kept per instance: fetches in a row serve the same JWT without
//! signing again, and a revocation, made by any instance (here straight in the store, which no
//! cache sees), shows on the next fetch.

use super::*;
use crate::on_both_backends;
use securehospitals::certificates::credential::IssuerUrls;
use securehospitals::certificates::service::{self, Issuing};
use securehospitals::certificates::status_cache::StatusListCache;
use securehospitals::certificates::{Revocation, status_list};

on_both_backends! {
    async fn the_status_list_is_signed_once_until_a_revocation_changes_it(app) {
        let (_, cert) = earn(&app).await;
        let (list, bit) = status_list::position(cert.status_index.unwrap());
        let path = format!("/credentials/status/{list}");
        let (status, first) = get_text(&app, &path).await;
        assert_eq!(status, 200, "{first}");
        // Past a second boundary a new signature would carry another nbf and validFrom.
        tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
        let (_, second) = get_text(&app, &path).await;
        assert_eq!(second, first, "the second fetch serves the signed copy");
        let state = &app.tool.state;
        let urls = IssuerUrls::new(&state.config.public_url);
        let issuing = Issuing {
            store: state.store.as_ref(),
            keys: &state.credential_keys,
            catalogue: &state.content,
            urls: &urls,
        };
        let now = securehospitals::launch::unix_now();
        let later = service::status_list_jwt(issuing, &state.status_lists, list, now + 600).await.unwrap().unwrap();
        assert_eq!(later, first, "ten minutes on, still the same copy");
        // Another instance: its own cache, the same database.
        let other = StatusListCache::default();
        let others = service::status_list_jwt(issuing, &other, list, now).await.unwrap().unwrap();
        assert!(!status_list::is_set(&status_list::bits_of(&jwt_parts(&others).1).unwrap(), bit));
        assert!(!status_list::is_set(&status_list::bits_of(&jwt_parts(&first).1).unwrap(), bit));
        // The other instance revokes (no cache is told); this one's next fetch shows the bit.
        let revocation = Revocation { at: now, reason: "Issued in error".into(), by: "3".into() };
        let context = cert.context_id.as_deref().unwrap();
        assert!(state.store.revoke_certificate(cert.learner.registration_id, context, &cert.id, &revocation).await.unwrap());
        let (status, third) = get_text(&app, &path).await;
        assert_eq!(status, 200);
        assert_ne!(third, first);
        let (header, claims) = jwt_parts(&third);
        assert_eq!(header["alg"], "RS256");
        assert!(status_list::is_set(&status_list::bits_of(&claims).unwrap(), bit), "the revocation is published");
        let (_, fourth) = get_text(&app, &path).await;
        assert_eq!(fourth, third, "and that copy is served from then on");
        let others = service::status_list_jwt(issuing, &other, list, now).await.unwrap().unwrap();
        assert!(status_list::is_set(&status_list::bits_of(&jwt_parts(&others).1).unwrap(), bit), "on every instance");
        // The next list holds no certificate yet: nothing is signed for it, here or through
        // the service, and the cached list stays.
        let (status, body) = get_text(&app, &format!("/credentials/status/{}", list + 1)).await;
        assert_eq!(status, 404, "{body}");
        assert!(body.contains("no certificate has been issued"), "{body}");
        assert!(service::status_list_jwt(issuing, &other, list + 1, now).await.unwrap().is_none());
        let (_, fifth) = get_text(&app, &path).await;
        assert_eq!(fifth, third, "the signed copy of the list in use is still served");
    }
}
