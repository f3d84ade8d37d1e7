#!/usr/bin/env bash
# Builds the binaries of a loopback Kubernetes control plane for the cluster tests: etcd,
# kube-apiserver, kube-controller-manager, kube-scheduler and kwok, from source through the Go
# module proxy, into <cache>/<k8s-version>/bin/. A binary already there is kept, so a second run
# is instant. Everything else (etcd's version, the staging-module replaces) is derived from the
# Kubernetes version, so another minor can be built beside this one.
#
# Usage: scripts/control-plane/build.sh [k8s-version]      e.g. v1.35.4
# Environment:
#   KUBESHIFT_K8S_VERSION           Kubernetes version when no argument is given (default below)
#   KUBESHIFT_CONTROL_PLANE_CACHE   cache root (default: <repo>/.cache/control-plane)
#   KUBESHIFT_ETCD_VERSION          etcd version (default: the one Kubernetes' own tests use)
#   KUBESHIFT_KWOK_VERSION          kwok version (default below)
#   KUBESHIFT_GO_PARALLELISM        go build -p (default 2: leave the machine usable)
set -euo pipefail

readonly DEFAULT_K8S_VERSION=v1.35.4
readonly DEFAULT_KWOK_VERSION=v0.8.0
readonly STAGING_PREFIX=./staging/

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
k8s_version="${1:-${KUBESHIFT_K8S_VERSION:-$DEFAULT_K8S_VERSION}}"
[[ "$k8s_version" == v* ]] || k8s_version="v$k8s_version"
kwok_version="${KUBESHIFT_KWOK_VERSION:-$DEFAULT_KWOK_VERSION}"
parallelism="${KUBESHIFT_GO_PARALLELISM:-2}"
cache_root="${KUBESHIFT_CONTROL_PLANE_CACHE:-$repo_root/.cache/control-plane}"
version_dir="$cache_root/$k8s_version"
bin_dir="$version_dir/bin"
src_dir="$version_dir/src"

# Static, path-free, stripped binaries; -buildvcs=false because the work modules sit inside this
# repo's git tree, whose state has nothing to do with what is built.
export CGO_ENABLED=0
go_build_flags=(-p "$parallelism" -trimpath -buildvcs=false)

log() { printf '[control-plane] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

command -v go >/dev/null || die "go is required (https://go.dev/dl/); Go >= 1.26 for kwok $kwok_version"

mkdir -p "$bin_dir" "$src_dir"

# Two builds of the same version at once (a test run and a manual run) would fight over the
# work modules; the second waits for the first and then finds the binaries present. (flock is
# util-linux: on Linux always; elsewhere the lock is skipped.)
if command -v flock >/dev/null; then
  exec 9>"$version_dir/.build.lock"
  flock 9
fi

# Prints a field of `go mod download -json` output (flat string fields only).
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}$/\1/p" | head -n 1; }

# go.mod (path) of a module version, downloaded through the proxy.
module_gomod() {
  local gomod
  gomod="$(go mod download -json "$1" | json_field GoMod || true)"
  [[ -n "$gomod" ]] || die "the module proxy has no $1"
  echo "$gomod"
}

all_present() {
  local name
  for name in "$@"; do [[ -x "$bin_dir/$name" ]] || return 1; done
}

# Builds a main package of a dependency in the work module $1 into bin/$2, via a temp name so an
# interrupted build never leaves a half binary behind.
build_main() {
  local work="$1" name="$2" pkg="$3" ldflags="$4"
  if [[ -x "$bin_dir/$name" ]]; then
    log "$name: present, skipped"
    return
  fi
  local tmp="$bin_dir/.$name.tmp.$$" started=$SECONDS
  trap 'rm -f "$tmp"' EXIT
  log "$name: building $pkg (go build -p $parallelism)"
  (cd "$work" && go build "${go_build_flags[@]}" -ldflags "$ldflags" -o "$tmp" "$pkg")
  mv -f "$tmp" "$bin_dir/$name"
  trap - EXIT
  log "$name: built in $((SECONDS - started))s"
}

# A fresh work module requiring the given package@version (go get resolves its dependency graph
# and go.sum); the go directive and godebug defaults are copied from the dependency's go.mod.
init_work_module() {
  local work="$1" module="$2" dep_gomod="$3"
  shift 3
  rm -rf "$work"
  mkdir -p "$work"
  {
    echo "module $module"
    echo
    grep -E '^(go|godebug) ' "$dep_gomod"
  } >"$work/go.mod"
  go_get "$work" "$@"
}

# go get in a work module; its long list of downloads is shown only when it fails.
go_get() {
  local work="$1"
  shift
  if ! (cd "$work" && go get "$@") >"$work/go-get.log" 2>&1; then
    cat "$work/go-get.log" >&2
    die "go get $* failed"
  fi
}

# replace lines that point every staging module (k8s.io/api, client-go, ...) that
# k8s.io/kubernetes resolves from ./staging at its own release, v0.<minor>.<patch>.
staging_replaces() {
  local gomod="$1" staging_version="$2"
  awk -v prefix="$STAGING_PREFIX" -v ver="$staging_version" '
    $2 == "=>" && index($3, prefix) == 1 { print "replace " $1 " => " $1 " " ver }
    $1 == "replace" && $3 == "=>" && index($4, prefix) == 1 { print "replace " $2 " => " $2 " " ver }
  ' "$gomod"
}

build_kubernetes() {
  local names=(kube-apiserver kube-controller-manager kube-scheduler) name
  if all_present "${names[@]}"; then
    for name in "${names[@]}"; do log "$name: present, skipped"; done
    return
  fi
  local info gomod commit build_date staging_version major minor work="$src_dir/kubernetes"
  info="$(go mod download -json "k8s.io/kubernetes@$k8s_version" || true)"
  gomod="$(json_field GoMod <<<"$info")"
  [[ -n "$gomod" ]] || die "the module proxy has no k8s.io/kubernetes@$k8s_version"
  commit="$(json_field Hash <<<"$info")"
  # The proxy records the tag's commit for some releases only (v1.34.4 has none): /version then
  # reports an empty gitCommit, and gitVersion, which the harness reads, is still exact.
  [[ -n "$commit" ]] || log "kubernetes $k8s_version: the module proxy records no commit for it; gitCommit left empty"
  # The tag's commit time, so the build is reproducible.
  build_date="$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "${gomod%.mod}.info")"
  major="${k8s_version#v}"; major="${major%%.*}"
  minor="${k8s_version#v*.}"; minor="${minor%%.*}"
  staging_version="v0.${k8s_version#v*.}"

  rm -rf "$work"
  mkdir -p "$work"
  {
    echo "module kubeshift.local/control-plane/kubernetes"
    echo
    grep -E '^(go|godebug) ' "$gomod"
    echo
    echo "require k8s.io/kubernetes $k8s_version"
    echo
    staging_replaces "$gomod" "$staging_version"
  } >"$work/go.mod"
  grep -q '^replace k8s.io/api ' "$work/go.mod" || die "found no staging replaces in $gomod"
  log "kubernetes $k8s_version: $(grep -c '^replace ' "$work/go.mod") staging modules pinned to $staging_version"
  local pkgs=()
  for name in "${names[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$name@$k8s_version"); done
  go_get "$work" "${pkgs[@]}"
  # Same -X pairs as Kubernetes' hack/lib/version.sh, so /version reports the real release.
  local ldflags="-s -w" key val
  for pair in "gitVersion=$k8s_version" "gitMajor=$major" "gitMinor=$minor" \
    "gitCommit=$commit" "gitTreeState=clean" "buildDate=$build_date"; do
    key="${pair%%=*}" val="${pair#*=}"
    ldflags+=" -X k8s.io/component-base/version.$key=$val -X k8s.io/client-go/pkg/version.$key=$val"
  done
  for name in "${names[@]}"; do
    build_main "$work" "$name" "k8s.io/kubernetes/cmd/$name" "$ldflags"
  done
}

# etcd: the version Kubernetes' own integration tests run (hack/lib/etcd.sh), unless overridden.
etcd_version_for_kubernetes() {
  local dir
  dir="$(go mod download -json "k8s.io/kubernetes@$k8s_version" | json_field Dir)"
  sed -n 's/^ETCD_VERSION=\${ETCD_VERSION:-\([0-9][0-9.]*\)}.*/v\1/p' "$dir/hack/lib/etcd.sh"
}

build_etcd() {
  [[ -x "$bin_dir/etcd" ]] && { log "etcd: present, skipped"; return; }
  local version="${KUBESHIFT_ETCD_VERSION:-}"
  [[ -n "$version" ]] || version="$(etcd_version_for_kubernetes)"
  [[ -n "$version" ]] || die "could not find etcd's version for Kubernetes $k8s_version; set KUBESHIFT_ETCD_VERSION"
  [[ "$version" == v* ]] || version="v$version"
  local work="$src_dir/etcd"
  # The server module's own go.mod replaces its siblings with ../ paths, which `go install
  # pkg@version` refuses; a work module requiring it ignores those replaces.
  init_work_module "$work" kubeshift.local/control-plane/etcd \
    "$(module_gomod "go.etcd.io/etcd/server/v3@$version")" "go.etcd.io/etcd/server/v3@$version"
  log "etcd: $version"
  build_main "$work" etcd go.etcd.io/etcd/server/v3 "-s -w"
}

# kwok simulates nothing without stages; these are the defaults kwokctl gives it
# (pkg/kwokctl/runtime/cluster.go: node-initialize, node-heartbeat-with-lease, pod-ready,
# pod-complete, pod-delete), taken from the same kwok release.
readonly KWOK_STAGES=(
  kustomize/stage/node/fast/node-initialize.yaml
  kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml
  kustomize/stage/pod/fast/pod-ready.yaml
  kustomize/stage/pod/fast/pod-complete.yaml
  kustomize/stage/pod/fast/pod-delete.yaml
)

write_kwok_stages() {
  local out="$version_dir/kwok-stages.yaml"
  [[ -s "$out" ]] && { log "kwok stages: present, skipped"; return; }
  local dir stage tmp="$out.tmp.$$"
  dir="$(go mod download -json "sigs.k8s.io/kwok@$kwok_version" | json_field Dir)"
  [[ -n "$dir" ]] || die "the module proxy has no sigs.k8s.io/kwok@$kwok_version"
  for stage in "${KWOK_STAGES[@]}"; do
    [[ -f "$dir/$stage" ]] || die "kwok $kwok_version has no $stage"
    echo "---"
    cat "$dir/$stage"
  done >"$tmp"
  mv -f "$tmp" "$out"
  log "kwok stages: $out"
}

build_kwok() {
  [[ -x "$bin_dir/kwok" ]] && { log "kwok: present, skipped"; return; }
  local work="$src_dir/kwok"
  init_work_module "$work" kubeshift.local/control-plane/kwok \
    "$(module_gomod "sigs.k8s.io/kwok@$kwok_version")" "sigs.k8s.io/kwok/cmd/kwok@$kwok_version"
  log "kwok: $kwok_version"
  build_main "$work" kwok sigs.k8s.io/kwok/cmd/kwok "-s -w"
}

total_started=$SECONDS
log "Kubernetes $k8s_version into $bin_dir"
build_etcd
build_kubernetes
build_kwok
write_kwok_stages
log "done in $((SECONDS - total_started))s"
