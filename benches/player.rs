//! The player benchmark: tool CPU time per lesson page and per quiz submission inside a live
//! session on SQLite. Requests go straight into the router (`tower::ServiceExt::oneshot`), so
//! no client, socket or HTTP parser is counted: only the tool's own work. `cargo bench --bench
//! player`; the README's "Benchmarks" section explains the figures.

#[path = "player/setup.rs"]
mod setup;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// Target from the product: at most 100 µs of tool CPU per lesson page.
const LESSON_TARGET: Duration = Duration::from_micros(100);

fn main() -> ExitCode {
    // One thread drives the requests; SQLite's connection threads are counted too (whole process).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build();
    let outcome = match runtime {
        Ok(rt) => rt.block_on(run()),
        Err(e) => Err(format!("cannot start the async runtime: {e}")),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("player benchmark failed: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    // `cargo bench` passes --bench; `cargo test --benches` does not: then a short smoke run.
    let full = std::env::args().any(|a| a == "--bench");
    let pages = count("BENCH_PAGES", if full { 20_000 } else { 20 })?;
    let quizzes = count("BENCH_QUIZZES", if full { 2_000 } else { 5 })?;
    let f = setup::fixture().await?;
    let lessons: Vec<String> = f
        .state
        .content
        .module("M01")
        .ok_or("M01 missing")?
        .lessons_for(
            securehospitals::content::JobRole::Nurse,
            &securehospitals::content::Lang::english(),
        )
        .value
        .iter()
        .map(|l| format!("/s/{}/modules/M01/lessons/{}", f.sid, l.slug))
        .collect();
    for uri in lessons.iter().cycle().take(200) {
        send(&f, get(uri), StatusCode::OK).await?;
    }
    println!("SecureHospitals player on SQLite: {pages} lesson pages, {quizzes} quiz attempts");
    let lesson = measure(pages, |i| {
        send(&f, get(&lessons[i % lessons.len()]), StatusCode::OK)
    })
    .await?;
    report("lesson page (GET, records progress)", &lesson);

    let start_uri = format!("/s/{}/modules/M01/attempts", f.sid);
    let mut attempts = Vec::with_capacity(quizzes);
    let start = measure(quizzes, |_| {
        send(
            &f,
            post(&start_uri, "kind=quiz".into()),
            StatusCode::SEE_OTHER,
        )
    })
    .await?;
    report("quiz start (POST, draw + insert)", &start);
    for _ in 0..quizzes {
        let location = send(
            &f,
            post(&start_uri, "kind=quiz".into()),
            StatusCode::SEE_OTHER,
        )
        .await?;
        let form = f
            .right_answers(location.rsplit('/').next().unwrap_or_default())
            .await?;
        attempts.push((location, form));
    }
    let page = measure(quizzes, |i| send(&f, get(&attempts[i].0), StatusCode::OK)).await?;
    report("quiz page (GET, form of 5 items)", &page);
    let submit = measure(quizzes, |i| {
        send(
            &f,
            post(&attempts[i].0, attempts[i].1.clone()),
            StatusCode::SEE_OTHER,
        )
    })
    .await?;
    report("quiz submission (POST, score + one transaction)", &submit);
    let result = measure(quizzes, |i| send(&f, get(&attempts[i].0), StatusCode::OK)).await?;
    report("result page (GET, feedback)", &result);
    if full && lesson.cpu_per_op > LESSON_TARGET {
        println!(
            "lesson page above the {} µs target",
            LESSON_TARGET.as_micros()
        );
    }
    Ok(())
}

fn count(name: &str, default: usize) -> Result<usize, String> {
    match std::env::var(name) {
        Ok(v) => v
            .parse::<usize>()
            .map(|n| n.max(1))
            .map_err(|_| format!("{name}={v} is not a number")),
        Err(_) => Ok(default),
    }
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap_or_default()
}

fn post(uri: &str, form: String) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap_or_default()
}

/// Sends one request, checks its status, reads the whole body, and returns `Location`.
async fn send(
    f: &setup::Fixture,
    request: Request<Body>,
    want: StatusCode,
) -> Result<String, String> {
    let uri = request.uri().to_string();
    let response = f
        .router
        .clone()
        .oneshot(request)
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map_err(|e| e.to_string())?;
    if status != want {
        return Err(format!(
            "{uri}: {status}, wanted {want}: {}",
            String::from_utf8_lossy(&body)
        ));
    }
    Ok(location)
}

struct Figures {
    ops: usize,
    cpu_per_op: Duration,
    wall_per_op: Duration,
}

async fn measure<F, Fut>(ops: usize, mut op: F) -> Result<Figures, String>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = Result<String, String>>,
{
    let (cpu0, wall0) = (process_cpu(), Instant::now());
    for i in 0..ops {
        op(i).await?;
    }
    let (cpu, wall) = (process_cpu().saturating_sub(cpu0), wall0.elapsed());
    let n = u32::try_from(ops).unwrap_or(u32::MAX);
    Ok(Figures {
        ops,
        cpu_per_op: cpu / n,
        wall_per_op: wall / n,
    })
}

fn report(what: &str, f: &Figures) {
    println!(
        "  {what:<48} {:>8.1} µs CPU/op {:>8.1} µs wall/op  ({} ops)",
        f.cpu_per_op.as_secs_f64() * 1e6,
        f.wall_per_op.as_secs_f64() * 1e6,
        f.ops
    );
}

/// CPU time of every thread of this process so far, in nanoseconds from each thread's
/// `schedstat` (the tick-based `/proc/self/stat` is too coarse for microsecond figures).
fn process_cpu() -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Duration::ZERO;
    };
    let nanos: u64 = tasks
        .filter_map(Result::ok)
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Duration::from_nanos(nanos)
}
