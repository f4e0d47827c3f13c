//! The live camera as the scan screen and the staff lot picker show it: the preview with
//! its viewfinder, and what the camera is doing. `scan::camera` opens the camera into
//! the video element; the screens add their own controls and fallbacks.

use crate::shared::i18n::{tr, Key};
use crate::shared::scanner::camera::{Problem, Status};
use leptos::html::Video;
use leptos::prelude::*;

/// `found`: a code was read (the viewfinder is highlighted); `children`: controls over
/// the preview (camera switch, torch).
#[component]
pub fn CameraView(
    video_ref: NodeRef<Video>,
    #[prop(into)] status: Signal<Status>,
    #[prop(optional)] found: Option<Signal<bool>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let found = move || found.is_some_and(|f| f.get());
    let off = move || matches!(status.get(), Status::Off(_));
    view! {
        <div class="camera" class:found=found class:off=off>
            <video
                node_ref=video_ref
                aria-label=tr(Key::CameraPreview)
                autoplay
                muted
                playsinline
            ></video>
            <div class="viewfinder" aria-hidden="true">
                <div class="frame"></div>
            </div>
            {children.map(|c| c())}
        </div>
        {move || match status.get() {
            Status::Starting => {
                Some(view! { <p class="progress">{tr(Key::CameraStarting)}</p> }.into_any())
            }
            Status::Live { .. } => Some(view! { <p class="lead">{tr(Key::CameraHint)}</p> }.into_any()),
            _ => None,
        }}
    }
}

/// Why the camera is off, in words for the person holding the phone.
pub fn problem_key(p: Problem) -> Key {
    match p {
        Problem::Insecure => Key::CameraInsecure,
        Problem::Denied => Key::CameraDenied,
        Problem::NoCamera => Key::CameraNone,
        Problem::InUse => Key::CameraInUse,
        Problem::Failed => Key::CameraFailed,
    }
}
